from django.apps import AppConfig


class BrokeringConfig(AppConfig):
    name = "brokering"
    verbose_name = "Brokering"

    def ready(self):
        # Registers this app's sections on the school profile and hub page (see hubs/panels.py).
        from brokering import sections  # noqa: F401
