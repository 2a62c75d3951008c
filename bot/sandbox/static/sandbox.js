// 申报助手 sandbox page: a Telegram-like chat over the emulator's /api (see bot/sandbox/web.py).
// Plain JS, no build step. Every text from the bot or a user is put in the page with
// textContent / createTextNode; formatting comes only from Telegram message entities.
"use strict";

(() => {
  const ENTITY_TAGS = {
    bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
    blockquote: "blockquote", expandable_blockquote: "blockquote",
  };
  const SAFE_LINK = /^(https?:|mailto:|tg:)/i;
  const AUTO_TOKENS = /(https?:\/\/[^\s，。）)]+)|(\/[A-Za-z][A-Za-z0-9_]{0,31})/g;
  const OPAQUE = new Set(["bot_command", "url", "text_link", "code", "pre"]);

  const state = {
    info: null,
    applicants: [],
    current: null,          // id of the applicant shown in the applicant pane
    digest: "",
    controller: null,
    seen: {},               // applicant id -> bot messages already seen
    seenNotices: new Set(),
    firstView: true,
  };

  // ----- small helpers ------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async function request(method, path, body, signal) {
    const options = { method, signal, headers: {} };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.body = JSON.stringify(body);
      options.headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
    return data;
  }

  function clock(unix) {
    const d = new Date(unix * 1000);
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  }

  function size(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  let toastTimer = null;
  function toast(text) {
    const box = document.getElementById("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, 3500);
  }

  function hideToast() {
    clearTimeout(toastTimer);
    document.getElementById("toast").hidden = true;
  }

  function alertBox(text) {
    document.getElementById("modal-text").textContent = text;
    document.getElementById("modal").hidden = false;
  }

  // ----- message text: plain text + entities (offsets in UTF-16 units, as JS strings) ----------

  // ctx.onCommand: what a click on a /command does (null: commands are not clickable);
  // ctx.auto: whether links and commands in plain text are detected (not inside code or links).
  function renderText(text, entities, onCommand) {
    const fragment = document.createDocumentFragment();
    const sorted = (entities || [])
      .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0)
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    appendRange(fragment, text, 0, text.length, sorted, { onCommand, auto: true });
    return fragment;
  }

  function appendRange(parent, text, start, end, entities, ctx) {
    let pos = start;
    let i = 0;
    while (i < entities.length) {
      const entity = entities[i];
      const from = Math.max(entity.offset, pos);
      const to = Math.min(entity.offset + entity.length, end);
      let j = i + 1;
      while (j < entities.length && entities[j].offset < to) j += 1;
      if (to > from) {
        appendPlain(parent, text.slice(pos, from), ctx);
        const node = entityNode(entity, text.slice(from, to), ctx);
        const inner = OPAQUE.has(entity.type) ? { onCommand: null, auto: false } : ctx;
        appendRange(node, text, from, to, entities.slice(i + 1, j), inner);
        parent.appendChild(node);
        pos = to;
      }
      i = j;
    }
    appendPlain(parent, text.slice(pos, end), ctx);
  }

  function entityNode(entity, content, ctx) {
    if (entity.type === "text_link" || entity.type === "url") {
      const url = entity.type === "url" ? content : entity.url || "";
      if (SAFE_LINK.test(url)) return link(url);
    }
    if (entity.type === "bot_command" && ctx.onCommand) return commandNode(content, ctx.onCommand);
    if (entity.type === "spoiler") {
      const node = el("span", "spoiler");
      node.addEventListener("click", () => node.classList.add("revealed"));
      return node;
    }
    return el(ENTITY_TAGS[entity.type] || "span", entity.type === "code" ? "inline-code" : "");
  }

  function link(url) {
    const a = el("a");
    a.href = url;
    const payload = startPayload(url);
    if (payload !== null) {
      // t.me does not know the sandbox's bot: the link opens here, as a new applicant's /start.
      a.title = "在沙盒中打开：以新申请人身份 /start Opens here as a new applicant";
      a.addEventListener("click", (event) => {
        event.preventDefault();
        openStartLink(payload);
      });
      return a;
    }
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // The start parameter of a https://t.me/<the sandbox's bot>?start=… link, else null.
  function startPayload(url) {
    const bot = state.info && state.info.bot && state.info.bot.username;
    if (!bot) return null;
    const match = url.match(/^https:\/\/t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]{1,64})$/);
    return match && match[1].toLowerCase() === bot.toLowerCase() ? match[2] : null;
  }

  function commandNode(command, onCommand) {
    const node = el("span", "command");
    node.addEventListener("click", () => onCommand(command.split("@")[0]));
    return node;
  }

  // Links and /commands in plain text, as Telegram clients detect them.
  function appendPlain(parent, text, ctx) {
    let last = 0;
    if (ctx.auto) {
      for (const match of text.matchAll(AUTO_TOKENS)) {
        const before = match.index > 0 ? text[match.index - 1] : " ";
        const isUrl = match[1] !== undefined;
        if (!isUrl && (!ctx.onCommand || /[\p{L}\p{N}_/.:]/u.test(before))) continue;
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
        const node = isUrl ? link(match[0]) : commandNode(match[0], ctx.onCommand);
        node.textContent = match[0];
        parent.appendChild(node);
        last = match.index + match[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ----- a chat pane ----------------------------------------------------------------------------

  class ChatPane {
    constructor(root) {
      this.root = root;
      this.chatId = null;
      this.rendered = "";
      this.hiddenKeyboard = null;  // source message of the reply keyboard the user put away
      this.part = (role) => root.querySelector(`[data-role="${role}"]`);
      this.messages = this.part("messages");
      this.input = this.part("input");
      this.replyTo = null;       // {id, text}: the bot message the next text replies to
      this.forcedReply = 0;      // the latest bot message whose ForceReply put the composer in reply mode
      this.replyBar = el("div", "reply-bar");
      this.replyBar.hidden = true;
      this.part("composer").before(this.replyBar);
      this.bind();
    }

    bind() {
      this.part("composer").addEventListener("submit", (event) => {
        event.preventDefault();
        this.sendInput();
      });
      this.input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.sendInput();
        }
      });
      this.input.addEventListener("input", () => this.fitInput());
      this.part("file").addEventListener("change", (event) => this.upload(event.target));
      const menu = this.part("menu");
      const menuButton = this.part("menu-button");
      menuButton.addEventListener("click", () => {
        menu.hidden = !menu.hidden || menu.childElementCount === 0;
      });
      document.addEventListener("click", (event) => {
        if (!menu.contains(event.target) && !menuButton.contains(event.target)) menu.hidden = true;
      });
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape") menu.hidden = true;
      });
      this.part("keyboard-toggle").addEventListener("click", () => {
        // Hidden by hand or after a one-time use: until the bot sends another keyboard.
        this.hiddenKeyboard = this.hiddenKeyboard === null && this.keyboard ? this.keyboard.source : null;
        this.renderKeyboard(this.keyboard);
      });
    }

    setChat(chatId, subtitle) {
      if (this.chatId !== chatId) {
        this.chatId = chatId;
        this.rendered = "";
        this.hiddenKeyboard = null;
        this.forcedReply = 0;
        this.setReply(null);
        this.messages.replaceChildren();
      }
      this.part("subtitle").textContent = subtitle;
    }

    url(action) {
      return `/api/chats/${this.chatId}/${action}`;
    }

    async act(promise) {
      try {
        return await promise;
      } catch (error) {
        toast(`操作失败 failed: ${error.message}`);
        return null;
      }
    }

    async sendText(text) {
      const clean = text.trim();
      if (!clean || this.chatId === null) return;
      this.part("menu").hidden = true;
      const body = { text: clean };
      if (this.replyTo) body.reply_to = this.replyTo.id;
      this.setReply(null);
      await this.act(request("POST", this.url("text"), body));
    }

    // Reply mode, as in Telegram: a bar above the input names the message replied to.
    setReply(message, focus = true) {
      this.replyTo = message ? { id: message.id, text: message.text } : null;
      this.replyBar.hidden = !message;
      if (!message) return;
      const cancel = el("button", "reply-cancel", "×");
      cancel.type = "button";
      cancel.title = "取消回复 Cancel the reply";
      cancel.addEventListener("click", () => this.setReply(null));
      const first = (message.text || "").split("\n")[0];
      this.replyBar.replaceChildren(el("span", "reply-label", "↩ 回复 Reply: "), el("span", "reply-text", first), cancel);
      if (focus) this.input.focus();
    }

    async sendInput() {
      const text = this.input.value;
      this.input.value = "";
      this.fitInput();
      await this.sendText(text);
    }

    fitInput() {
      this.input.style.height = "auto";
      this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
    }

    async upload(input) {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      const form = new FormData();
      form.append("file", file, file.name);
      toast(`上传中 uploading ${file.name}…`);
      if (await this.act(request("POST", this.url("document"), form))) hideToast();
    }

    async press(message, button, node) {
      node.classList.add("pressed");
      await this.act(request("POST", this.url("press"), { message_id: message.id, data: button.callback_data }));
      setTimeout(() => node.classList.remove("pressed"), 600);
    }

    async shareContact() {
      // As in Telegram, the contact is the account's own number; the sandbox asks which one.
      const phone = window.prompt("模拟账号的手机号 The simulated account's phone number", "+86 138 0013 8000");
      if (phone) await this.act(request("POST", this.url("contact"), { phone }));
    }

    render(chat, commands, isGroup) {
      this.renderMenu(commands);
      this.keyboard = chat.keyboard;
      this.renderKeyboard(chat.keyboard);
      this.followForceReply(chat.messages);
      const snapshot = JSON.stringify(chat.messages);
      if (snapshot === this.rendered) return;
      const box = this.messages;
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80 || this.rendered === "";
      this.rendered = snapshot;
      const nodes = chat.messages.map((m) => this.messageNode(m, isGroup));
      if (nodes.length === 0) nodes.push(this.emptyNode(isGroup));
      box.replaceChildren(...nodes);
      if (atBottom || (chat.messages.length && chat.messages[chat.messages.length - 1].out)) {
        box.scrollTop = box.scrollHeight;
      }
    }

    // A new bot message with ForceReply puts the input in reply mode (once), as Telegram apps do.
    followForceReply(messages) {
      const last = messages.filter((m) => !m.out).pop();
      if (!last || !last.force_reply || last.id <= this.forcedReply) return;
      this.forcedReply = last.id;
      if (!messages.some((m) => m.out && m.id > last.id)) this.setReply(last, false);
    }

    emptyNode(isGroup) {
      const node = el("div", "empty");
      const first = this.firstCommand || "/start";
      if (isGroup) {
        node.append(el("p", "", "群聊暂无消息"), el("small", "", "Messages of this group appear here."));
      } else {
        node.append(el("p", "", "与申报助手的对话"), el("small", "", "A private chat with the bot."));
      }
      const start = el("button", "start-btn", first === "/start" ? "开始 START" : `${first}`);
      start.type = "button";
      start.addEventListener("click", () => this.sendText(first));
      node.appendChild(start);
      return node;
    }

    messageNode(m, isGroup) {
      const row = el("div", `msg ${m.out ? "out" : "in"}`);
      row.dataset.id = m.id;
      row.dataset.kind = m.kind;
      const bubble = el("div", "bubble");
      if (isGroup && !m.out) bubble.appendChild(el("div", "sender", "申报助手"));
      if (m.file) bubble.appendChild(this.fileNode(m.file));
      if (m.photo) {
        const img = el("img", "photo");
        img.src = `/api/files/${encodeURIComponent(m.photo)}`;
        img.alt = "photo";
        bubble.appendChild(img);
      }
      if (m.reply_to) bubble.appendChild(el("div", "quoted", m.reply_to.text.split("\n")[0]));
      if (m.contact) bubble.appendChild(el("div", "contact", `📞 ${m.contact}`));
      if (m.text) {
        const text = el("div", "text");
        text.appendChild(renderText(m.text, m.entities, m.out ? null : (c) => this.sendText(c)));
        bubble.appendChild(text);
      }
      const meta = el("span", "meta", `${m.edited ? "已编辑 edited " : ""}${clock(m.date)}${m.out ? " ✓✓" : ""}`);
      if (!m.out) {
        const reply = el("button", "reply-btn-small", "↩");
        reply.type = "button";
        reply.title = "回复这条消息 Reply to this message";
        reply.addEventListener("click", () => this.setReply(m));
        meta.prepend(reply);
      }
      bubble.appendChild(meta);
      row.appendChild(bubble);
      if (m.buttons && m.buttons.length) row.appendChild(this.inlineKeyboard(m));
      return row;
    }

    fileNode(file) {
      const href = `/api/files/${encodeURIComponent(file.id)}?download=1`;
      const node = el("div", "file");
      const ext = (file.name.split(".").pop() || "FILE").slice(0, 4).toUpperCase();
      const icon = el("a", "file-icon", ext);
      icon.href = href;
      icon.download = file.name;
      const about = el("div", "file-about");
      const name = el("a", "file-name", file.name);
      name.href = href;
      name.download = file.name;
      about.append(name, el("div", "file-size", `${size(file.size)} · 下载 download`));
      node.append(icon, about);
      return node;
    }

    inlineKeyboard(m) {
      const keyboard = el("div", "inline-keyboard");
      for (const buttons of m.buttons) {
        const row = el("div", "kb-row");
        for (const button of buttons) {
          let node;
          if (button.url && SAFE_LINK.test(button.url)) {
            node = link(button.url);
            node.className = "inline-btn link";
            node.textContent = `${button.text} ↗`;
          } else {
            node = el("button", "inline-btn", button.text);
            node.type = "button";
            if (button.callback_data) node.addEventListener("click", () => this.press(m, button, node));
            else node.disabled = true;
          }
          row.appendChild(node);
        }
        keyboard.appendChild(row);
      }
      return keyboard;
    }

    renderKeyboard(keyboard) {
      const panel = this.part("keyboard");
      const toggle = this.part("keyboard-toggle");
      toggle.hidden = !keyboard;
      if (!keyboard) {
        panel.hidden = true;
        this.input.placeholder = this.input.dataset.placeholder || this.input.placeholder;
        return;
      }
      panel.hidden = this.hiddenKeyboard === keyboard.source;
      this.input.dataset.placeholder = this.input.dataset.placeholder || this.input.placeholder;
      this.input.placeholder = keyboard.placeholder || this.input.dataset.placeholder;
      const snapshot = JSON.stringify(keyboard);
      if (panel.dataset.snapshot === snapshot) return;
      panel.dataset.snapshot = snapshot;
      panel.replaceChildren(...keyboard.rows.map((buttons) => {
        const row = el("div", "kb-row");
        for (const button of buttons) {
          const node = el("button", "reply-btn", button.text);
          node.type = "button";
          node.addEventListener("click", () => {
            if (keyboard.one_time) this.hiddenKeyboard = keyboard.source;
            this.renderKeyboard(keyboard);
            if (button.contact) this.shareContact();
            else this.sendText(button.text);
          });
          row.appendChild(node);
        }
        return row;
      }));
    }

    renderMenu(commands) {
      const menu = this.part("menu");
      const snapshot = JSON.stringify(commands);
      if (menu.dataset.snapshot === snapshot) return;
      menu.dataset.snapshot = snapshot;
      menu.replaceChildren(...commands.map((c) => {
        const item = el("button", "menu-item");
        item.type = "button";
        item.append(el("span", "menu-command", `/${c.command}`), el("span", "menu-description", c.description));
        item.addEventListener("click", () => this.sendText(`/${c.command}`));
        return item;
      }));
    }
  }

  // ----- role panes: staff, district department, experts (one per /api/info "panes" entry) ------

  // A role's column: its chats are tabs; it sends as the user of the chosen chat.
  class RolePane extends ChatPane {
    constructor(def) {
      const root = document.getElementById("role-pane-template").content.firstElementChild.cloneNode(true);
      root.id = `${def.key}-pane`;
      root.dataset.testid = `${def.key}-pane`;
      root.classList.add(def.key);
      super(root);
      this.def = def;
      this.firstCommand = "/help";  // what a role's empty chat offers to send
      this.tab = Number(sessionStorage.getItem(`tab:${def.key}`)) || 0;
      if (this.tab >= def.chats.length) this.tab = 0;
      this.part("avatar").textContent = def.avatar;
      this.input.placeholder = "发言… Message";
      this.part("tabs").replaceChildren(...def.chats.map((chat, index) => {
        const tab = el("button", "tab", chat.label);
        tab.type = "button";
        tab.setAttribute("role", "tab");
        tab.dataset.chat = String(chat.id);
        tab.dataset.tab = chat.group ? "group" : "private";
        tab.title = chat.label_en;
        tab.addEventListener("click", () => this.choose(index));
        return tab;
      }));
      this.showTab();
    }

    get chat() { return this.def.chats[this.tab]; }

    pollChat() { return this.chat.id; }

    choose(index) {
      this.tab = index;
      sessionStorage.setItem(`tab:${this.def.key}`, String(index));
      this.showTab();
      refresh();
    }

    showTab() {
      const chat = this.chat;
      this.part("tabs").querySelectorAll(".tab").forEach((tab, index) => {
        tab.classList.toggle("active", index === this.tab);
      });
      this.part("title").textContent = chat.title;
      const where = chat.group ? "群聊 group" : "私聊 private chat";
      this.setChat(chat.id, `${this.def.title} ${this.def.title_en} · ${where} · 你是 ${chat.sender.name} · id ${chat.sender.id}`);
      this.input.placeholder = `以 ${chat.sender.name} 身份发言…`;
    }

    update(view) {
      const chat = view.chats[String(this.pollChat())];
      if (!chat) return;
      this.render(chat, chat.commands || view.commands, this.chat.group);
      showNotices(chat);
    }
  }

  // ----- the applicant pane ---------------------------------------------------------------------

  class ApplicantPane extends ChatPane {
    pollChat() { return state.current; }

    update(view) {
      this.setChat(state.current, `机器人 bot · 你是 ${applicantName(state.current)} · id ${state.current}`);
      const chat = view.chats[String(state.current)];
      if (!chat) return;
      this.render(chat, chat.commands || view.commands, false);
      showNotices(chat);
    }
  }

  // ----- the page -----------------------------------------------------------------------------

  // Every pane the page polls for and draws; another script may add its own (window.sandbox.panes):
  // an object with pollChat() (the chat id to fetch, or null) and update(view).
  const panes = [new ApplicantPane(document.getElementById("applicant-pane"))];
  window.sandbox = { panes, refresh };

  function makeRolePanes(info) {
    for (const pane of panes.filter((p) => p instanceof RolePane)) {
      pane.root.remove();
      panes.splice(panes.indexOf(pane), 1);
    }
    const layout = document.querySelector(".layout");
    for (const def of info.panes || []) {
      const pane = new RolePane(def);
      layout.appendChild(pane.root);
      panes.push(pane);
    }
  }

  function applicantName(id) {
    const found = state.applicants.find((a) => a.id === id);
    return found ? found.name : String(id);
  }

  function showBanner(info) {
    const c = info.campaign;
    const day = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} (UTC${iso.slice(19)})`;
    const banner = document.getElementById("banner");
    const deadline = c.moved_days
      ? ` · 演示用截止时间：${day(c.deadline)}，即今天起 ${c.moved_days} 天后（原定 ${c.original_deadline.slice(0, 10)}）`
      : ` · 截止时间：${day(c.deadline)}`;
    const data = info.data || {};
    const kept = data.fresh
      ? `本次从空白开始（--fresh），数据保存在 ${data.folder}，重启后保留`
      : `数据保存在 ${data.folder}，重启后保留（以 --fresh 启动可清空）`;
    const config = data.config ? ` · 配置 ${data.config}` : "";
    banner.replaceChildren(
      el("b", "", c.name),
      document.createTextNode(deadline),
      el("span", "data-note", ` · ${kept}${config}`),
      el("small", "", ` Sandbox: the real bot (${info.framework}) over real HTTP; `
        + (c.moved_days ? `the deadline is ${c.moved_days} days from today; ` : "")
        + `data is kept in ${data.folder} across restarts (--fresh starts empty).`),
    );
  }

  function renderApplicants() {
    const list = document.getElementById("applicants");
    list.replaceChildren(...state.applicants.map((a) => {
      if (state.seen[a.id] === undefined || a.id === state.current || state.firstView) state.seen[a.id] = a.count;
      const item = el("li", `applicant${a.id === state.current ? " active" : ""}`);
      item.dataset.id = a.id;
      const avatar = el("div", "avatar", a.name.slice(0, 1));
      avatar.style.background = `hsl(${(a.id * 47) % 360} 55% 55%)`;
      const about = el("div", "applicant-about");
      about.append(el("div", "applicant-name", a.name), el("div", "applicant-last", a.last || `id ${a.id}`));
      item.append(avatar, about);
      const unread = a.count - state.seen[a.id];
      if (unread > 0) item.appendChild(el("span", "badge", String(unread)));
      if (a.date) item.appendChild(el("span", "applicant-time", clock(a.date)));
      item.addEventListener("click", () => selectApplicant(a.id));
      return item;
    }));
  }

  function showNotices(chat) {
    for (const notice of chat.notices) {
      if (state.seenNotices.has(notice.id)) continue;
      state.seenNotices.add(notice.id);
      if (state.firstView) continue;
      if (notice.alert) alertBox(notice.text);
      else toast(notice.text);
    }
  }

  // The sandbox's time: real time plus the days moved ahead with ⏩ (deadline, 公示 period …).
  function showClock(clock) {
    const node = document.getElementById("clock-now");
    if (!clock) { node.textContent = ""; return; }
    const when = new Date(Date.now() + clock.offset_days * 86400000);
    const day = when.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }).slice(0, -3);
    node.textContent = clock.offset_days > 0
      ? `沙盒时间 ${day}（已快进 ${Math.round(clock.offset_days)} 天）`
      : `沙盒时间 ${day}`;
  }

  function render(view) {
    showClock(view.clock);
    state.applicants = view.applicants;
    renderApplicants();
    for (const pane of panes) pane.update(view);
    state.firstView = false;
  }

  function refresh() {
    state.digest = "";
    if (state.controller) state.controller.abort();
  }

  function selectApplicant(id) {
    if (state.current === id) return;
    state.current = id;
    history.replaceState(null, "", `#applicant=${id}`);
    refresh();
  }

  // A t.me start link of the sandbox's bot (an /invite): a new applicant (the colleague) opens it.
  async function openStartLink(payload) {
    const name = `同事 ${state.applicants.length + 1}`;
    const created = await request("POST", "/api/applicants", { name }).catch((e) => toast(e.message));
    if (!created) return;
    selectApplicant(created.id);
    await request("POST", `/api/chats/${created.id}/text`, { text: `/start ${payload}` })
      .catch((e) => toast(e.message));
    toast(`已以新申请人「${name}」打开链接 Opened as a new applicant`);
  }

  function chooseApplicant(applicants) {
    const wanted = Number((location.hash.match(/applicant=(\d+)/) || [])[1]) || state.current;
    return applicants.some((a) => a.id === wanted) ? wanted : applicants[0].id;
  }

  // The sandbox restarted (another run id): take its panes and applicants, keep what still exists.
  async function reconnect() {
    const info = await request("GET", "/api/info");
    if (state.info && info.run === state.info.run) return false;
    const restarted = state.info !== null;
    state.info = info;
    showBanner(info);
    makeRolePanes(info);
    const first = await request("GET", "/api/view?wait=0");
    state.applicants = first.applicants;
    if (state.applicants.length === 0) state.applicants.push(await request("POST", "/api/applicants", {}));
    state.current = chooseApplicant(state.applicants);
    state.seenNotices = new Set();
    state.firstView = true;
    for (const pane of panes) pane.rendered = "";
    if (restarted) toast("沙盒已重启，已重新连接 Reconnected after a restart");
    return true;
  }

  async function pollForever() {
    let failures = 0;
    for (;;) {
      const controller = new AbortController();
      state.controller = controller;
      // A long poll ends within 25 s; one that hangs longer lost its server (a restart).
      const timer = setTimeout(() => { controller.timedOut = true; controller.abort(); }, 35000);
      const chats = panes.map((p) => p.pollChat()).filter((id) => id !== null).join(",");
      try {
        const view = await request("GET", `/api/view?chats=${chats}&since=${state.digest}`, undefined,
          controller.signal);
        document.getElementById("connection").hidden = true;
        failures = 0;
        if (controller.signal.aborted) continue;
        state.digest = view.digest;
        render(view);
      } catch (error) {
        if (controller.signal.aborted && !controller.timedOut) continue;
        failures += 1;
        if (failures > 1) document.getElementById("connection").hidden = false;
        state.digest = "";
        await sleep(Math.min(500 * failures, 2000));
        await reconnect().catch(() => false);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  async function main() {
    document.getElementById("modal-ok").addEventListener("click", () => {
      document.getElementById("modal").hidden = true;
    });
    for (const button of document.querySelectorAll(".clock-btn")) {
      button.addEventListener("click", async () => {
        const days = Number(button.dataset.days);
        const moved = await request("POST", "/api/clock", { days }).catch((e) => toast(e.message));
        if (moved) toast(`时间已快进 ${days} 天 Moved ${days} day(s) ahead`);
      });
    }
    document.getElementById("new-applicant").addEventListener("click", async () => {
      const created = await request("POST", "/api/applicants", {}).catch((e) => toast(e.message));
      if (created) selectApplicant(created.id);
    });
    // Until the sandbox answers (it may be starting): then poll for ever.
    for (;;) {
      try {
        await reconnect();
        break;
      } catch (error) {
        document.getElementById("connection").hidden = false;
        await sleep(1000);
      }
    }
    document.getElementById("connection").hidden = true;
    document.body.dataset.ready = "true";
    pollForever();
  }

  main();
})();
