from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "gongkai.office"
    verbose_name = "办公后台"

    def ready(self):
        from .report_queues import register_queues

        register_queues()
