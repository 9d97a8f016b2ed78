"""Factories for events and bookings. Fixed dates, never "now plus random"."""

import factory

from events.models import Booking, Event
from tests.factories.hubs import HubFactory
from tests.factories.operations import aware
from tests.factories.people import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A hub's event (pass hub=None for a national one)."""

    class Meta:
        model = Event

    hub = factory.SubFactory(HubFactory)
    kind = Event.Kind.HUB_MEETING
    title = factory.Sequence(lambda n: f"Hub meeting {n}")
    starts_at = aware(2025, 10, 14, 15, 30)
    ends_at = aware(2025, 10, 14, 17, 0)
    location = "Alder Primary"


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Booking.Status.BOOKED
    booked_at = aware(2025, 9, 20, 9)
