// 申报助手 sandbox: the WeChat pane. An applicant who reaches the bot through WeCom 微信客服,
// drawn like a WeChat chat, over /api/wecom (bot/sandbox/wecom_pane.py). Plain JS, no build step;
// every text from the bot or the user goes in with textContent. The pane removes itself when
// the sandbox has no WeChat side.
"use strict";

(() => {
  const state = { customers: [], current: null, digest: "", connected: true, atBottom: true };
  let root = null;
  const FOLDED_KEY = "sandbox.wecom.folded";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function part(role) {
    return root.querySelector(`[data-wx="${role}"]`);
  }

  async function call(method, path, body) {
    const options = { method, headers: {} };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.body = JSON.stringify(body);
      options.headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || `HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function size(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function clock(unix) {
    const d = new Date(unix * 1000);
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  }

  // ----- the pane's frame ----------------------------------------------------------------------

  function build() {
    root = el("section", "wx-pane");
    root.id = "wecom-pane";
    root.dataset.testid = "wecom-pane";
    const header = el("div", "wx-header");
    const title = el("div", "wx-title");
    title.append(el("span", "wx-name", "申报助手"), el("span", "wx-tag", "微信客服"));
    const who = el("div", "wx-who");
    const select = el("select", "wx-select");
    select.dataset.wx = "select";
    select.title = "微信用户 WeChat user";
    select.addEventListener("change", () => show(select.value));
    const add = el("button", "wx-add", "+ 新用户");
    add.type = "button";
    add.title = "一位新的微信用户通过链接进入会话 A new WeChat user opens the chat link";
    add.addEventListener("click", addCustomer);
    const fold = el("button", "wx-fold", "⇥");
    fold.type = "button";
    fold.title = "收起微信窗格 Fold the WeChat pane";
    fold.addEventListener("click", () => folded(true));
    who.append(select, add, fold);
    header.append(title, who);
    const unfold = el("button", "wx-unfold", "微信 WeChat");
    unfold.type = "button";
    unfold.title = "展开微信窗格 Show the WeChat pane";
    unfold.addEventListener("click", () => folded(false));
    const status = el("div", "wx-status");
    status.dataset.wx = "status";
    const messages = el("div", "wx-messages");
    messages.dataset.wx = "messages";
    messages.setAttribute("role", "log");
    messages.addEventListener("scroll", () => {
      state.atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
    });
    root.append(unfold, header, status, messages, composer());
    const layout = document.querySelector("main.layout");
    const row = el("div", "wx-row");
    layout.replaceWith(row);
    row.append(layout, root);
    folded(localStorage.getItem(FOLDED_KEY) === "1");
  }

  function folded(yes) {
    root.classList.toggle("folded", yes);
    localStorage.setItem(FOLDED_KEY, yes ? "1" : "0");
  }

  function composer() {
    const form = el("form", "wx-composer");
    form.autocomplete = "off";
    const input = el("textarea", "wx-input");
    input.rows = 1;
    input.dataset.wx = "input";
    input.placeholder = "发消息… Message";
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    const attach = el("label", "wx-attach", "+");
    attach.title = "发送文件 Send a file";
    const file = el("input");
    file.type = "file";
    file.hidden = true;
    file.dataset.wx = "file";
    file.addEventListener("change", () => sendFile(file));
    attach.append(file);
    const send = el("button", "wx-send", "发送");
    send.type = "submit";
    form.append(input, attach, send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sendText(input);
    });
    return form;
  }

  // ----- drawing ----------------------------------------------------------------------------

  function render(view) {
    state.customers = view.customers;
    state.connected = view.connected;
    if (!state.current && view.customers.length) {
      state.current = view.customers[0].id;
      state.digest = "";  // the chat of the first customer is still to be fetched
    }
    const select = part("select");
    select.replaceChildren(...view.customers.map((c) => {
      const option = el("option", "", c.name);
      option.value = c.id;
      option.selected = c.id === state.current;
      return option;
    }));
    select.hidden = !view.customers.length;
    const shown = view.customers.find((c) => c.id === state.current);
    const status = part("status");
    if (!view.connected) {
      status.textContent = "机器人尚未接入微信客服，消息会保留在模拟器里。 The bot does not take WeChat yet.";
    } else if (shown && !shown.written) {
      status.textContent = "用户发消息后，机器人可在 48 小时内回复 · the bot may write for 48 h after the user writes";
    } else if (shown) {
      status.textContent = shown.window_open
        ? "可以回复：48 小时内最多 5 条 · window open"
        : "48 小时窗口已关闭：用户再发一条消息后机器人才能回复 · window closed";
    } else {
      status.textContent = "点 “+ 新用户” 以微信用户身份进入会话。 Add a WeChat user.";
    }
    status.classList.toggle("closed", Boolean(shown && shown.written && !shown.window_open) || !view.connected);
    if (view.chat.id === state.current) drawMessages(view.chat.items);
  }

  function drawMessages(items) {
    const box = part("messages");
    const stick = state.atBottom;
    box.replaceChildren(...items.map(drawItem));
    if (stick) box.scrollTop = box.scrollHeight;
  }

  function drawItem(item) {
    if (item.kind === "event") {
      const note = item.scene_param ? `（链接参数 ${item.scene_param}）` : "";
      return el("div", "wx-system", `你通过客服链接进入了会话${note}`);
    }
    if (item.kind === "refusal") {
      const line = el("div", "wx-system wx-refused");
      line.textContent = `⚠ 模拟器拒绝了机器人的一条消息：${item.errcode} ${item.errmsg}`;
      line.title = `${item.api} — this is what WeCom answers; WeChat shows nothing`;
      return line;
    }
    const row = el("div", `wx-msg ${item.out ? "out" : "in"}`);
    row.dataset.seq = item.seq;
    const avatar = el("div", "wx-avatar", item.out ? "我" : "申");
    const bubble = el("div", "wx-bubble");
    bubble.title = clock(item.at);
    if (item.kind === "menu") fillMenu(bubble, item);
    else if (item.kind === "file") fillFile(bubble, item.file);
    else bubble.textContent = item.text;
    if (item.kind === "file") bubble.classList.add("wx-file-bubble");
    row.append(avatar, bubble);
    return row;
  }

  function fillMenu(bubble, item) {
    if (item.head) bubble.append(el("div", "wx-menu-head", item.head));
    for (const entry of item.items) {
      if (entry.type === "click") {
        const button = el("button", "wx-menu-item", entry.content);
        button.type = "button";
        button.addEventListener("click", () => click(entry.id));
        bubble.append(button);
      } else if (entry.type === "view" && /^https?:/i.test(entry.url || "")) {
        const a = el("a", "wx-menu-item", entry.content);
        a.href = entry.url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        bubble.append(a);
      } else {
        bubble.append(el("div", "wx-menu-text", entry.content));
      }
    }
    if (item.tail) bubble.append(el("div", "wx-menu-tail", item.tail));
  }

  function fillFile(bubble, file) {
    const a = el("a", "wx-file");
    a.href = file.url;
    a.download = file.name;
    const about = el("div", "wx-file-about");
    about.append(el("div", "wx-file-name", file.name), el("div", "wx-file-size", size(file.size)));
    const ext = (file.name.split(".").pop() || "").slice(0, 4).toUpperCase();
    a.append(about, el("div", `wx-file-icon ext-${ext.toLowerCase()}`, ext || "FILE"));
    bubble.append(a);
  }

  // ----- acting -----------------------------------------------------------------------------

  function show(id) {
    state.current = id;
    state.digest = "";
    state.atBottom = true;
    restart();
  }

  async function act(promise) {
    try {
      await promise;
      state.atBottom = true;
    } catch (error) {
      part("status").textContent = `⚠ ${error.message}`;
    }
  }

  async function addCustomer() {
    const added = await call("POST", "/api/wecom/customers", {}).catch(() => null);
    if (added) show(added.id);
  }

  function sendText(input) {
    const text = input.value.trim();
    if (!text || !state.current) return;
    input.value = "";
    act(call("POST", `/api/wecom/customers/${state.current}/text`, { text }));
  }

  function click(menuId) {
    if (state.current) act(call("POST", `/api/wecom/customers/${state.current}/menu`, { menu_id: menuId }));
  }

  function sendFile(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file || !state.current) return;
    const form = new FormData();
    form.append("file", file, file.name);
    act(call("POST", `/api/wecom/customers/${state.current}/file`, form));
  }

  // ----- long poll --------------------------------------------------------------------------

  let generation = 0;

  function restart() {
    generation += 1;
    loop(generation);
  }

  async function loop(mine) {
    while (mine === generation) {
      const query = new URLSearchParams({ customer: state.current || "", since: state.digest, wait: "25" });
      try {
        const view = await call("GET", `/api/wecom/view?${query}`);
        if (mine !== generation) return;
        state.digest = view.digest;
        render(view);
      } catch (error) {
        if (error.status === 404 && !root.isConnected) return;
        if (error.status === 404 && state.current) {
          state.current = null;  // the sandbox restarted: its customers are gone
          state.digest = "";
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  async function start() {
    try {
      await call("GET", "/api/wecom/view?wait=0");
    } catch (error) {
      return;  // no WeChat side in this sandbox: no pane
    }
    build();
    restart();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
