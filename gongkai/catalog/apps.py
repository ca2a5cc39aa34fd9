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
        from django.db.models.signals import post_save

        from gongkai.agencies.models import Agency
        from gongkai.reports.models import Report

        from . import search_index

        post_save.connect(search_index.report_saved, sender=Report, dispatch_uid="catalog.search.report")
        post_save.connect(search_index.agency_saved, sender=Agency, dispatch_uid="catalog.search.agency")
