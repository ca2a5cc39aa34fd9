from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "gongkai.office"
    verbose_name = "办公后台"

    def ready(self):
        from . import oversight_queues, report_queues

        report_queues.register_queues()
        oversight_queues.register_queues()
