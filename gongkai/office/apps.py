from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "gongkai.office"
    verbose_name = "办公后台"
