from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "QA reviews"

    def ready(self):
        # Registers this app's sections on the school profile and hub page (see hubs/panels.py).
        from reviews import sections  # noqa: F401
