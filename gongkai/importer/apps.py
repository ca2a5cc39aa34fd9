from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "gongkai.importer"
    verbose_name = "年度报告读取与校验"
