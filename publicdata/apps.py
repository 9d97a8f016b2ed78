from django.apps import AppConfig


class PublicDataConfig(AppConfig):
    name = "publicdata"
    verbose_name = "Public data (GIAS links, Ofsted, exam results, designations)"
