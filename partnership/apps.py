from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "People and network"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Sign-in signal receivers: session clocks and two-factor enrolment.
        from partnership import middleware  # noqa: F401

        # What this app holds about a person, first in an export and erased first.
        from partnership.privacy import records  # noqa: F401
        from partnership.signin import second_factor  # noqa: F401

        # Each app's additions to the dashboard, navigation and shared pages (lib/sections.py).
        autodiscover_modules("sections")
