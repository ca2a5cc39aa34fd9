"""System checks: a malformed report format fails `gongkai check`, never a clerk's report."""

from django.core.checks import Error, register


@register()
def report_formats(app_configs, **kwargs):
    from gongkai.reports.definition import DefinitionError, all_formats

    all_formats.cache_clear()
    try:
        formats = all_formats()
    except DefinitionError as exc:
        return [Error(problem, id="gongkai.E001") for problem in exc.problems]
    if not formats:
        return [Error("没有找到任何年度报告格式定义。", id="gongkai.E002")]
    return []
