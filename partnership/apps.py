from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "People and network"

    def ready(self):
        # Sign-in signal receivers: session clocks and two-factor enrolment.
        from partnership import middleware, two_factor  # noqa: F401
        from partnership.tables import remember_render_signatures

        remember_render_signatures()
