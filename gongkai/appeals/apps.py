from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = "行政复议与行政诉讼"

    def ready(self):
        from gongkai.reports.compute import register

        from .table4 import AppealsProvider

        register(AppealsProvider())
