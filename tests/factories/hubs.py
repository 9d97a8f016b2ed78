import datetime
from decimal import Decimal

import factory

from hubs.choices import Governance, Phase, Region
from hubs.models import Hub, Membership, School, SchoolContact, Trust
from tests.factories.people import UserFactory

JOINED_ON = datetime.date(2020, 9, 1)


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Trust {n}")


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    region = Region.NORTH_WEST


class SchoolFactory(factory.django.DjangoModelFactory):
    """A school; pass hub=... to make it a member from JOINED_ON (membership and School.hub)."""

    class Meta:
        model = School
        skip_postgeneration_save = True

    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    name = factory.Sequence(lambda n: f"School {n}")
    phase = Phase.PRIMARY
    governance = Governance.COMMUNITY
    region = Region.NORTH_WEST
    local_authority = "Manchester"
    postcode = factory.Sequence(lambda n: f"M{n % 90 + 1} {n % 9}AB")
    pupils_on_roll = 300
    percent_fsm = Decimal("20.00")
    percent_sen = Decimal("12.00")
    hub = None

    @factory.post_generation
    def membership(school, create, extracted, **kwargs):
        if create and school.hub_id:
            Membership.objects.create(school=school, hub_id=school.hub_id, joined_on=JOINED_ON)


class SchoolContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolContact

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    is_headteacher = True


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership row only; School.hub is the caller's business (see hubs.services)."""

    class Meta:
        model = Membership

    school = factory.SubFactory(SchoolFactory)
    hub = factory.SubFactory(HubFactory)
    joined_on = JOINED_ON
