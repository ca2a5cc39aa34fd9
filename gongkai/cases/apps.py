from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.cases"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.reports.compute import register
        from gongkai.workdays.signals import year_entered

        from .compute import provider
        from .queues import register_queues
        from .recompute import on_year_entered

        register(provider)
        register_queues()
        year_entered.connect(on_year_entered, dispatch_uid="cases_recompute_provisional")
