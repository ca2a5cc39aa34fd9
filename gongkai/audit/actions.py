"""Every audited action: a dotted code and its Chinese label.

A code that is not listed here cannot be written to the log, so the log never holds an action nobody can read.
"""

ACTIONS: dict[str, str] = {
    # accounts and agencies
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "agency.create": "新建机关",
    "agency.update": "修改机关设置",
    "staff.create": "开通工作人员账号",
    "staff.role.grant": "授予岗位",
    "staff.role.revoke": "撤销岗位",
    # working-day calendar
    "calendar.year.enter": "录入年度节假日安排",
    "calendar.day.edit": "修改工作日历",
    # annual reports
    "report.create": "新建年度报告",
    "report.cell.edit": "修改报告单元格",
    "report.narrative.edit": "修改报告正文",
    "report.proactive.edit": "修改主动公开概况",
    "report.compute": "从台账重新统计报告",
    "report.publish": "发布年度报告",
    "report.amend": "发起报告更正（新版本）",
    "report.import": "导入年度报告",
    "report.demo_load": "载入演示报告",
    # report life cycle, section 六 and appeals (appeals / reports life-cycle engineer)
    "report.validate": "年度报告校验通过",
    "report.submit": "提交年度报告",
    "report.approve": "批准年度报告",
    "report.return_to_draft": "年度报告退回草稿",
    "report.extras.edit": "修改第六部分填报事项",
    "appeal.create": "登记行政复议或行政诉讼",
    "appeal.update": "修改行政复议或行政诉讼",
    "appeal.document.add": "上传复议诉讼文书",
    # catalog (主动公开目录)
    "catalog.doc.create": "新建政府信息（草稿）",
    "catalog.doc.edit": "修改政府信息草稿",
    "catalog.doc.submit": "提交保密审查",
    "catalog.doc.review": "保密审查通过",
    "catalog.doc.reject": "退回政府信息",
    "catalog.doc.publish": "批准并发布政府信息",
    "catalog.doc.file": "批准登记（不主动公开）",
    "catalog.doc.validity": "变更政府信息有效性",
    "catalog.attachment.add": "上传政府信息附件",
    "catalog.settings.edit": "修改索引号模式",
    "catalog.registry.add": "登记规章或规范性文件",
    "catalog.registry.repeal": "登记规章或规范性文件废止",
    "catalog.figure.save": "录入第二十条年度数据",
    "catalog.figure.import": "导入第二十条年度数据",
    "catalog.demo_load": "载入演示目录",
    # 依申请公开 (gongkai.cases)
    "case.register": "登记政府信息公开申请",
    "case.submit_online": "在线提交政府信息公开申请",
    "case.confirm_receipt": "确认收到申请",
    "case.received_override": "更正法定收到日",
    "case.assign": "分办申请",
    "case.correction.request": "告知补正",
    "case.correction.received": "登记补正收到",
    "case.consult.start": "征求意见",
    "case.consult.reply": "登记征求意见答复",
    "case.extend": "延长答复期限",
    "case.delay35": "确定延迟答复期限",
    "case.fee.notice": "发出收费通知",
    "case.fee.paid": "登记缴费",
    "case.decide": "作出办理决定",
    "case.approve": "负责人审批办理决定",
    "case.deliver": "登记送达",
    "case.archive": "归档",
    "case.letter.issue": "出具文书",
    "case.letter_template.edit": "修改文书模板",
    "case.dossier.print": "打印案卷",
    "case.settings.edit": "修改依申请公开设置",
    "case.ledger.import": "导入工作台账",
    "case.demo_load": "载入演示申请",
    # 依申请公开 (gongkai.cases), legal review fixes
    "case.reasons.request": "要求申请人说明理由",
}


def label(code: str) -> str:
    return ACTIONS.get(code, code)
