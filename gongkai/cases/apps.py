from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.cases"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.reports.compute import register

        from .compute import provider

        register(provider)
