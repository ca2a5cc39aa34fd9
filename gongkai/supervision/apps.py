from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    verbose_name = "督办"

    def ready(self):
        from .queues import register_queues

        register_queues()
