from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Hubs and schools"

    def ready(self):
        # Changes to schools and memberships move the cached network figures on.
        from hubs import figures  # noqa: F401
