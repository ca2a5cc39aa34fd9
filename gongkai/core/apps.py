from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "公共组件"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
