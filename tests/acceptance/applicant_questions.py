"""Questions as enterprise contacts in Chongqing type them in WeChat, with what the notice answers.

Written by the checker from NOTICE.md alone (渝经信智能〔2022〕38号), not from the FAQ's own set:
口语 and 重庆话 (好久 = 什么时候, 啥子, 不/没得 at the end), typos and 错别字 (截至, 模版, 盖张),
mixed English, full-width figures, figures in words, old district names. ``expect`` lists patterns
every one of which a right answer contains (facts of the notice); ``CONTACTS`` marks a question the
notice does not answer, whose right reply is the notice's contacts (an answer is then wrong).
``also`` is a second acceptable reading (a reply that says the notice does not state it).
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACTS: tuple[str, ...] = ()
NOT_STATED = (r"没有写|未写明|没有规定|未规定|没有明确",)


@dataclass(frozen=True)
class Q:
    text: str
    expect: tuple[str, ...]  # regexes, all present in a right answer; () = the contacts
    also: tuple[str, ...] = ()


DEADLINE = (r"0?8月0?10日|2022-08-10",)
MAILBOX = (r"1530753727@qq\.com",)
LENGTH = (r"5000|五千",)
RECOGNISED = (r"2018", r"2022")
LEVEL = (r"三级",)
PLATFORM = (r"c3mep",)
REGISTERED = (r"重庆市辖区内注册|在重庆.{0,8}注册",)
LEGAL = (r"独立法人",)
MANUFACTURING = (r"制造业",)
REPEAT = (r"不再重复申报|不再申报|不能重复",)
TEN = (r"10家|十家",)
RANKING = (r"测评等级", r"(测评)?分数|得分", r"案例")
EXPERT = (r"5个",)
PUBLICITY = (r"门户网站",)
AWARD = (r"授牌",)
PHONE = (r"63895239",)
SUBMITTER = (r"13594118636",)
UNIT = (r"万元",)
DOLLARS = (r"万美元",)
SEAL = (r"盖章|公章",)
SIGN = (r"法定代表人签字",)
DISTRICT = (r"区县",)
PDF = (r"PDF|pdf",)
WORD = (r"(?i)word",)
PICTURES = (r"图片",)
OUTLINE = (r"痛点", r"实施步骤", r"经验总结")

QUESTIONS: tuple[Q, ...] = (
    Q("截止时间是好久哦", DEADLINE),
    Q("申报截至日期是哪天？", DEADLINE),
    Q("deadline是几号啊", DEADLINE),
    Q("８月１０号过了还能交不", DEADLINE),
    Q("最晚啥子时候交材料", DEADLINE),
    Q("材料发到哪个邮箱？", MAILBOX),
    Q("申报材料怎么交，纸质的还是发邮件", MAILBOX),
    Q("推荐表要扫描成pdf吗", PDF),
    Q("案例要写好多字", LENGTH),
    Q("案例写四千字够不够？", LENGTH),
    Q("case study要多少字", LENGTH),
    Q("案例模版有哪几个部分", OUTLINE),
    Q("案例可以交pdf格式的吗", WORD),
    Q("案例需要放照片不", PICTURES),
    Q("推荐表要盖谁的章？", SEAL),
    Q("推荐表要法人签字不", SIGN),
    Q("推荐意见找哪个部门盖章", DISTRICT),
    Q("我们是2017年认定的数字化车间，能报吗？", RECOGNISED),
    Q("二零一九年认定的智能工厂可以申报不", RECOGNISED),
    Q("没有被认定过数字化车间可以报吗", RECOGNISED),
    Q("成熟度要几级才能报？", LEVEL),
    Q("自诊断只有2级可以报不", LEVEL),
    Q("集成级够不够格", LEVEL),
    Q("自诊断在哪个网站做", PLATFORM),
    Q("我们注册在四川广安，工厂在重庆，能报吗", REGISTERED),
    Q("分公司没得独立法人资格可以报不", LEGAL),
    Q("我们是做软件的，不是制造业能报吗", MANUFACTURING),
    Q("去年已经评上标杆企业了，今年还可以报吗", REPEAT),
    Q("一共评几家？", TEN),
    Q("how many companies will be selected?", TEN),
    Q("最后咋个排名的", RANKING),
    Q("填报和核查有几个不一致就不通过", EXPERT),
    Q("结果在哪里公示", PUBLICITY),
    Q("入选了有啥子表彰", AWARD),
    Q("联系人电话多少", PHONE),
    Q("交资料找哪个联系", SUBMITTER),
    Q("推荐表金额单位是元还是万元", UNIT),
    Q("出口额填人民币还是美元？", DOLLARS),
    Q("双桥区的企业能申报不", REGISTERED),
    Q("万盛经开区的企业可以报吗？", REGISTERED),
    # what the notice does not answer: the contacts, never a guess
    Q("入选了有多少补贴？", CONTACTS, NOT_STATED),
    Q("奖励资金好多钱", CONTACTS, NOT_STATED),
    Q("可以找咨询公司帮忙写案例吗", CONTACTS),
    Q("案例用啥子字体字号", CONTACTS),
    Q("公示期几天？", CONTACTS, NOT_STATED),
    Q("申报要交钱不", CONTACTS),
    Q("明年还有没得这个申报", CONTACTS),
    Q("标杆企业称号有效期几年", CONTACTS),
    Q("一个集团两家工厂可以分别报吗", CONTACTS),
    Q("专家好久来现场核查", CONTACTS),
    Q("结果大概什么时候出来？", CONTACTS),
    Q("评审专家是哪些人", CONTACTS),
)
