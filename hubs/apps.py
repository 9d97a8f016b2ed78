from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Hubs and schools"

    def ready(self):
        # Registers this app's sections on the school profile and hub page (see hubs/panels.py).
        from hubs import operations_sections  # noqa: F401
