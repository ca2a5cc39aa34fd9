from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "主动公开目录"

    def ready(self):
        from gongkai.reports.compute import register

        from .provider import CatalogProvider
        from .queues import register_queues

        register(CatalogProvider())
        register_queues()
