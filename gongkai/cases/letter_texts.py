"""The default letter texts, reviewed against 《中华人民共和国政府信息公开条例》 and the model forms agencies use, and
the small text rules every letter follows:

* one date style, 2026年12月1日 (GB/T 9704-2012 7.3.5.1), in the body as in the 成文日期;
* the article and item of each statement cited exactly (第三十三条第二款, 第三十六条第（二）项);
* no guidance left in the output (no "（或告知……）"), no clause said twice, no empty placeholder;
* the applicant's text exactly as written (the sandbox does not escape; pages escape once).

`leftovers(text)` finds what a letter must not contain; the tests run it over every outcome × delivery form.
"""

from __future__ import annotations

import difflib
import re

from .models import Channel, DeliveryForm, LetterKind

CHANNEL_WORDS = {Channel.IN_PERSON: "当面提交", Channel.POST_SIGNED: "邮寄", Channel.POST_PLAIN: "平常信函邮寄",
                 Channel.ONLINE: "在线平台", Channel.EMAIL: "电子邮件", Channel.FAX: "传真"}

_ = "《中华人民共和国政府信息公开条例》"
# 第三十六条第（二）项: 向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间 — how and when.
PROVISION = {
    DeliveryForm.PAPER: "{what}的纸质件随本答复书一并提供。",
    DeliveryForm.POST: "{what}的纸质件随本答复书一并邮寄至您提供的通信地址。",
    DeliveryForm.EMAIL: "{what}的电子文件随本答复书一并发送至您提供的电子邮箱。",
    DeliveryForm.DISC: "{what}的电子文件存入光盘、U盘等存储介质，随本答复书一并提供。",
    DeliveryForm.PICKUP: "请您自收到本答复书之日起，在工作日办公时间携带本答复书和身份证明到{place}领取{what}。",
}


def provision(outcome: str, sub_basis: str, delivery_form: str, place: str) -> str:
    """How and when the information reaches the applicant (grant and partial; not when it is already published:
    第三十六条第（一）项 then tells the way to get it, written by the clerk)."""
    if outcome not in ("grant", "partial") or sub_basis == "published":
        return ""
    what = "该政府信息" if outcome == "grant" else "可以公开部分的政府信息"
    text = PROVISION.get(delivery_form, PROVISION[DeliveryForm.PAPER])
    return text.format(what=what, place=place or "本机关政府信息公开工作机构")


def decision_label(outcome: str, sub_basis: str) -> str:
    """What the clerk's 答复要点 is, as the letter introduces it."""
    if outcome == "grant":
        return "获取方式和途径：" if sub_basis == "published" else "说明："
    if outcome == "partial":
        return "不予公开部分的内容和理由："
    if outcome.startswith(("deny.", "unable.", "noproc.")):
        return "理由："
    return ""


def sentence(text: str) -> str:
    """The text exactly as written, closed with "。" when it does not end a sentence yet."""
    text = (text or "").strip()
    return text if not text or text.endswith(("。", "！", "？", ".", "!", "?")) else text + "。"


# A reason typed as "系统升级，无法在法定期限内答复" would repeat what the letter says next.
_REDUNDANT_TAIL = re.compile(r"[，,；;]?\s*(?:故|因此|所以|导致|致使)?\s*(?:本机关)?\s*(?:无法|不能|难以|未能)\s*在?\s*"
                             r"(?:法定|规定|答复)?的?\s*(?:答复)?期限内\s*(?:作出)?\s*答复(?:申请人|您)?$"
                             r"|[，,；;]?\s*(?:需要|需|拟|申请)?延长(?:答复)?期限$")


def clause(reason: str) -> str:
    """A reason fitted into "因……，": no leading 因/由于, no trailing punctuation or "无法在法定期限内答复"."""
    text = (reason or "").strip().rstrip("。；;，,. ")
    text = re.sub(r"^(?:因为|因|由于)\s*", "", text)
    for _i in range(2):
        text = _REDUNDANT_TAIL.sub("", text).rstrip("。；;，,. ")
    return text


PROVISIONAL_MARK = "（暂定）"  # after a date that may still move; the letter's 附注 explains it


def case_ref(acceptance_no: str, tracking_code: str) -> str:
    """How a letter names the application: 受理号 and 查询码 (the 查询码 alone before the case is numbered)."""
    return f"受理号：{acceptance_no}；查询码：{tracking_code}" if acceptance_no else f"查询码：{tracking_code}"


def contact(office_name: str, address: str, phone: str) -> str:
    parts = [f"地址：{address}" if address else "", f"电话：{phone}" if phone else ""]
    parts = [p for p in parts if p]
    return f"联系机构：{office_name}；" + "；".join(parts) + "。" if parts else ""


# --- the default templates ----------------------------------------------------------------------------------------
_RECEIVED = "本机关于{{ received_date }}收到您提出的政府信息公开申请（{{ case_ref }}）"
DEFAULTS: dict[str, tuple[str, str]] = {
    LetterKind.RECEIPT: ("政府信息公开申请登记回执", """\
本机关于{{ received_date }}收到您提出的政府信息公开申请（申请渠道：{{ channel }}；{{ case_ref }}），现予登记。根据《中华人民共和国政府信息公开条例》第三十一条，该日为本机关收到申请之日。
您申请获取的政府信息为：{{ request }}
根据条例第三十三条第一款，本机关将最迟于{{ due_date }}（含当日）作出答复{{ provisional_note }}。申请内容需要补正的，答复期限自本机关收到补正的申请之日起计算；征求第三方或者其他机关意见所需时间，不计算在答复期限内。
您可以凭查询码和联系电话后四位查询办理进度。{{ office_contact }}"""),
    LetterKind.CORRECTION: ("政府信息公开申请补正告知书", _RECEIVED + """。您申请获取的政府信息为：{{ request }}
经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条，现一次性告知您需要补正的事项如下：
{{ correction_items }}
请您最迟于{{ correction_due }}（含当日）向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。
{{ office_contact }}"""),
    LetterKind.THIRD_PARTY: ("政府信息公开征求第三方意见书", """\
{{ party }}：
本机关收到的政府信息公开申请（{{ case_ref }}）申请公开以下政府信息：{{ request }}
经审查，公开该政府信息可能损害您的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条，现书面征求您的意见。
请您自收到本意见书之日起15个工作日内提出书面意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照条例的规定决定是否公开。
{{ office_contact }}"""),
    LetterKind.CONSULT: ("政府信息公开征求意见函", """\
{{ party }}：
本机关收到的政府信息公开申请（{{ case_ref }}）申请公开以下政府信息：{{ request }}
该政府信息由贵机关与本机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条，现征求贵机关意见。
请贵机关自收到本函之日起15个工作日内提出意见；逾期未提出意见的，视为同意公开。
{{ office_contact }}"""),
    LetterKind.EXTENSION: ("政府信息公开申请延期答复告知书", _RECEIVED + """，答复期限原为{{ original_due }}。
因{{ reason }}，本机关需要延长答复期限。根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，本机关将最迟于{{ due_date }}（含当日）作出答复{{ provisional_note }}。
{{ office_contact }}"""),
    LetterKind.DELAY: ("政府信息公开申请延迟答复告知书", _RECEIVED + """。您申请公开政府信息的数量、频次明显超过合理范围；本机关认为您的申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复。
根据条例第三十五条，本机关确定延迟答复的合理期限为{{ due_date }}，将最迟于该日（含当日）作出答复。
理由：{{ reason }}。
{{ office_contact }}"""),
    LetterKind.FEE: ("政府信息公开信息处理费收费通知书", _RECEIVED + """。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），您应当缴纳信息处理费{{ fee_amount }}元（{{ fee_scale }}），计算如下：
{% for line in fee_lines %}{{ line }}
{% endfor %}请您自收到本通知次日起20个工作日内，即最迟于{{ fee_due }}（含当日）缴纳{{ provisional_note }}。缴纳方式：请持本通知到{{ office_name }}缴纳，本机关出具财政部门统一监（印）制的财政票据。{{ fee_pause_note }}
逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。
{{ office_contact }}"""),
    LetterKind.ANSWER: ("政府信息公开申请答复书", _RECEIVED + """{% if clarified_date %}，并于{{ clarified_date }}收到您补正后的申请{% endif %}。您申请获取的政府信息为：{{ request }}
{{ outcome_wording }}
{% if provision %}{{ provision }}
{% endif %}{% if decision_text %}{{ decision_label }}{{ decision_text }}
{% endif %}{% if outcome_basis %}依据：{{ outcome_basis }}。
{% endif %}{{ remedies }}"""),
    LetterKind.DISCLOSE: ("政府信息公开决定公开告知书", """\
{{ party }}：
本机关就政府信息公开申请（{{ case_ref }}）所涉政府信息书面征求了您的意见，您不同意公开。经审查，本机关认为不公开可能对公共利益造成重大影响，决定{{ disclosure_scope }}。根据《中华人民共和国政府信息公开条例》第十五条、第三十二条，现将决定公开的政府信息内容和理由书面告知如下：
决定公开的政府信息：{{ request }}
理由：{{ decision_text }}
如对本决定不服，可以自收到本告知书之日起60日内依法申请行政复议，或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼。"""),
}


# --- what a letter must not contain -------------------------------------------------------------------------------
EMPTY_MARK = "⟦空⟧"


class Empty(str):
    """An empty value that prints a mark: {% if x %} still treats it as empty, a bare {{ x }} shows it."""

    def __str__(self):
        return EMPTY_MARK


GUIDANCE = re.compile(r"[（(][^（）()]*或[^（）()]*[）)]")
EMPTY_PLACEHOLDER = re.compile(r"[（(]\s*[）)]|[：:]\s*[。；，]|[，；]\s*[。，；]|为\s*[。，；]|于\s*(?:前|作出|缴纳|向)"
                               r"|延长\s*个|缴纳信息处理费\s*元|" + EMPTY_MARK)
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")
ENTITIES = re.compile(r"&(?:amp|quot|lt|gt|#x?[0-9a-fA-F]+);")
_CLAUSES = re.compile(r"[，。；：！？,;:\n]")


def leftovers(text: str) -> list[str]:
    """Template guidance, repeated clauses, empty placeholders, template syntax and HTML entities in a letter."""
    found = [f"模板说明：{m[0]}" for m in GUIDANCE.finditer(text)]
    found += [f"空白占位：…{text[max(m.start() - 8, 0):m.end() + 4]}…" for m in EMPTY_PLACEHOLDER.finditer(text)]
    found += [f"模板语法：{m[0]}" for m in TEMPLATE_SYNTAX.finditer(text)]
    found += [f"HTML 转义：{m[0]}" for m in ENTITIES.finditer(text)]
    clauses = [c.strip() for c in _CLAUSES.split(text) if len(c.strip()) >= 6]
    seen: set[str] = set()
    for i, c in enumerate(clauses):
        if c in seen:
            found.append(f"重复：{c}")
        seen.add(c)
        if i and difflib.SequenceMatcher(None, clauses[i - 1], c).ratio() >= 0.75 and clauses[i - 1] != c:
            found.append(f"意思重复：{clauses[i - 1]}，{c}")
    return found
