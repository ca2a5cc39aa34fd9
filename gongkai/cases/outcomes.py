"""The Table-3 outcomes (表三 三、本年度办理结果): code → official label, group, legal basis and answer wording.

Each case is coded to exactly one outcome (statutory-spec §1.6 C2/C3: 区分处理 only counts as 部分公开).
Labels are the official row labels of the 2021 format; bases follow statutory-spec §1.4.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str
    label: str
    basis: str
    wording: str  # the core paragraph of the answer letter
    cite: str | None = None  # the letter's 依据 when it differs from `basis` ("" = none: a practice, not an article)

    @property
    def title(self) -> str:
        """"（三）不予公开 属于国家秘密"; "（一）予以公开" (no repetition when the group is the row)."""
        return self.group if self.group.endswith(self.label) else f"{self.group} {self.label}"


GROUPS = ["（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]

_ = "《中华人民共和国政府信息公开条例》"
OUTCOMES: list[Outcome] = [
    Outcome("grant", GROUPS[0], "予以公开", f"{_}第三十六条第（一）（二）项",
            "经审查，您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开。",
            cite=f"{_}第三十六条第（二）项"),
    Outcome("partial", GROUPS[1], "部分公开（区分处理的，只计这一情形，不计其他情形）", f"{_}第三十七条",
            "经审查，您申请公开的政府信息中含有不应当公开的内容，但是能够作区分处理，本机关决定向您提供可以公开的内容。"),
    Outcome("deny.state_secret", GROUPS[2], "属于国家秘密", f"{_}第十四条、第三十六条第（三）项",
            "经审查，您申请公开的政府信息属于国家秘密，依法不予公开。"),
    Outcome("deny.law_prohibited", GROUPS[2], "其他法律行政法规禁止公开", f"{_}第十四条、第三十六条第（三）项",
            "经审查，您申请公开的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。"),
    Outcome("deny.three_safety", GROUPS[2], "危及“三安全一稳定”", f"{_}第十四条、第三十六条第（三）项",
            "经审查，您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。"),
    Outcome("deny.third_party", GROUPS[2], "保护第三方合法权益", f"{_}第十五条、第三十二条、第三十六条第（三）项",
            "经审查，您申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。"),
    Outcome("deny.internal", GROUPS[2], "属于三类内部事务信息", f"{_}第十六条第一款、第三十六条第（三）项",
            "经审查，您申请公开的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开。"),
    Outcome("deny.process", GROUPS[2], "属于四类过程性信息", f"{_}第十六条第二款、第三十六条第（三）项",
            "经审查，您申请公开的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关决定不予公开。"),
    Outcome("deny.enforcement", GROUPS[2], "属于行政执法案卷", f"{_}第十六条第二款、第三十六条第（三）项",
            "经审查，您申请公开的政府信息属于行政执法案卷信息，本机关决定不予公开。"),
    Outcome("deny.query", GROUPS[2], "属于行政查询事项", f"{_}第三十六条第（七）项",
            "经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的信息，"
            "请您依照有关法律、行政法规的规定办理。"),
    Outcome("unable.not_held", GROUPS[3], "本机关不掌握相关政府信息", f"{_}第三十六条第（四）（五）项",
            "经检索，本机关没有制作或者获取您申请公开的政府信息，该政府信息不存在。", cite=f"{_}第三十六条第（四）项"),
    Outcome("unable.needs_creation", GROUPS[3], "没有现成信息需要另行制作", f"{_}第三十八条",
            "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析后才能形成，本机关不予提供。"),
    Outcome("unable.still_unclear", GROUPS[3], "补正后申请内容仍不明确", f"{_}第三十条",
            "经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。"),
    Outcome("noproc.petition", GROUPS[4], "信访举报投诉类申请", f"{_}第三十九条第一款",
            "您以政府信息公开申请形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
            "您可以通过相应渠道提出。"),
    Outcome("noproc.repeat", GROUPS[4], "重复申请", f"{_}第三十六条第（六）项",
            "本机关已就您申请公开的相同政府信息作出答复，您重复申请公开，本机关不予重复处理。"),
    Outcome("noproc.publication", GROUPS[4], "要求提供公开出版物", f"{_}第三十九条第二款",
            "您要求提供的是政府公报、报刊、书籍等公开出版物，本机关不作为政府信息公开申请处理，您可以通过公开发行渠道获取。"),
    Outcome("noproc.massive", GROUPS[4], "无正当理由大量反复申请", f"{_}第三十五条",
            "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，理由不合理，本机关不予处理。"),
    Outcome("noproc.confirm", GROUPS[4], "要求行政机关确认或重新出具已获取信息", "实务口径（条例无直接条款）",
            "您要求本机关对已获取的信息予以确认或者重新出具，不属于申请获取政府信息的情形，本机关不作为政府信息公开申请处理。",
            cite=""),
    Outcome("other.no_correction", GROUPS[5],
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", f"{_}第三十条",
            "您未在补正期限内补正申请内容，且无正当理由，视为放弃申请，本机关不再处理您的政府信息公开申请。"),
    Outcome("other.unpaid_fee", GROUPS[5],
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            "您未在收到收费通知次日起20个工作日内缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。"),
    Outcome("other.other", GROUPS[5], "其他", "实务口径（如申请人撤回申请）",
            "本机关对您的申请作出如下处理。", cite=""),
]
BY_CODE = {o.code: o for o in OUTCOMES}
OUTCOME_CHOICES = [(o.code, o.label) for o in OUTCOMES]
OUTCOME_CODES = [o.code for o in OUTCOMES]
# Outcomes the clock decides (the agency no longer handles the application): the case is 已终止.
TERMINATING = {"other.no_correction", "other.unpaid_fee", "other.other"}


# 第三十六条（三）（五）、第三十七条: the answer states its reasons for these outcomes.
REASONED_PREFIXES = ("deny.", "unable.", "noproc.")


def needs_reasons(code: str) -> bool:
    return code == "partial" or code.startswith(REASONED_PREFIXES)


# unable.not_held merges 第三十六条（四） and （五） in Table 3; the decision records which one applies.
NOT_HELD_ABSENT, NOT_HELD_ELSEWHERE = "absent", "elsewhere"
NOT_HELD_CHOICES = [(NOT_HELD_ABSENT, "信息不存在（第三十六条第（四）项）"),
                    (NOT_HELD_ELSEWHERE, "不属于本机关负责公开（第三十六条第（五）项）")]
# grant merges 第三十六条（一） (already published: tell how to get it) and （二） (provide it).
GRANT_PUBLISHED = "published"
GRANT_CHOICES = [(GRANT_PUBLISHED, "已主动公开，告知获取方式和途径（第三十六条第（一）项）")]


@dataclass(frozen=True)
class Answer:
    """What the answer letter says for a decision: the outcome's wording and legal basis, refined by sub_basis."""

    label: str
    basis: str
    wording: str


def answer_for(code: str, sub_basis: str = "", responsible_agency: str = "", responsible_contact: str = "") -> Answer:
    """The answer letter's outcome: its label, the exact article and item (basis; "" when no article applies) and
    the core paragraph."""
    o = get(code)
    if code == "grant" and sub_basis == GRANT_PUBLISHED:
        return Answer(f"{o.label}（已主动公开）", f"{_}第三十六条第（一）项",
                      "经审查，您申请公开的政府信息已经主动公开，现告知您获取该政府信息的方式和途径。")
    if code != "unable.not_held" or sub_basis not in (NOT_HELD_ABSENT, NOT_HELD_ELSEWHERE):
        return Answer(o.label, o.basis if o.cite is None else o.cite, o.wording)
    if sub_basis == NOT_HELD_ABSENT:
        return Answer(f"{o.label}（信息不存在）", f"{_}第三十六条第（四）项",
                      "经检索，本机关没有制作或获取您申请公开的政府信息，该政府信息不存在。")
    return Answer(f"{o.label}（非本机关负责公开）", f"{_}第三十六条第（五）项",
                  f"经审查，您申请公开的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为"
                  f"{responsible_agency}，联系方式：{responsible_contact}。")


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For a <select> with <optgroup>s, as grouped in Table 3, each option showing its legal basis."""
    groups: dict[str, list] = {}
    for o in OUTCOMES:
        groups.setdefault(o.group, []).append((o.code, f"{o.label}（{o.basis}）"))
    return list(groups.items())


def get(code: str) -> Outcome:
    return BY_CODE[code]
