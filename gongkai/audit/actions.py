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
}


def label(code: str) -> str:
    return ACTIONS.get(code, code)
