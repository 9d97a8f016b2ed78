"""Factories for hub operations. Fixed dates, never "now plus random"."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from hubs.models import (
    ActionPriority,
    FeeBand,
    FundingAllocation,
    MembershipChange,
    MembershipFee,
    SpendCategory,
    SpendEntry,
)
from tests.factories.hubs import HubFactory, SchoolFactory

YEAR = 2025


def aware(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


class FundingAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingAllocation

    hub = factory.SubFactory(HubFactory)
    academic_year = YEAR
    amount = Decimal("1000.00")


class SpendEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendEntry

    allocation = factory.SubFactory(FundingAllocationFactory)
    spent_on = datetime.date(2025, 10, 1)
    amount = Decimal("100.00")
    category = SpendCategory.WORKSHOPS_AND_EVENTS
    description = factory.Sequence(lambda n: f"Spend {n}")


class ActionPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPriority

    hub = factory.SubFactory(HubFactory)
    academic_year = YEAR
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    owner = "Mina Manager"
    success_criteria = "Every school has taken part."
    status = ActionPriority.Status.AMBER


class FeeBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeBand

    academic_year = YEAR
    phase = ""
    min_pupils = 0
    max_pupils = None
    fee = Decimal("500.00")


class MembershipFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipFee

    school = factory.SubFactory(SchoolFactory)
    hub = factory.SelfAttribute("school.hub")
    academic_year = YEAR
    amount = Decimal("500.00")


class MembershipChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipChange

    kind = MembershipChange.Kind.LEAVE
    school = factory.SubFactory(SchoolFactory)
    hub = factory.SelfAttribute("school.hub")
    effective_on = datetime.date(2025, 12, 31)
