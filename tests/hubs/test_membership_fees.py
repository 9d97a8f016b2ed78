"""Subscription fees: each member school's band (phase and pupils), invoiced and paid dates.

The bands for 2025/26 used below:
- primary, 0–199 pupils: £300; primary, 200 or more: £450;
- secondary, any size: £900;
- any other phase, any size: £400.
"""

import datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubs.choices import Phase
from hubs.models import FeeBand, MembershipFee
from hubs.operations import services as ops
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import YEAR, FeeBandFactory, MembershipFeeFactory


@pytest.fixture
def bands(db):
    return [
        FeeBandFactory(phase=Phase.PRIMARY, min_pupils=0, max_pupils=199, fee=Decimal("300")),
        FeeBandFactory(phase=Phase.PRIMARY, min_pupils=200, max_pupils=None, fee=Decimal("450")),
        FeeBandFactory(phase=Phase.SECONDARY, fee=Decimal("900")),
        FeeBandFactory(phase="", fee=Decimal("400")),
        # Next year's bands are not this year's.
        FeeBandFactory(academic_year=YEAR + 1, phase="", fee=Decimal("999")),
    ]


def fee_of(school) -> Decimal:
    return MembershipFee.objects.get(school=school, academic_year=YEAR).amount


def test_each_member_gets_the_fee_of_its_band(bands, hub_a, hub_b):
    small = SchoolFactory(hub=hub_a, pupils_on_roll=199)
    large = SchoolFactory(hub=hub_a, pupils_on_roll=200)
    secondary = SchoolFactory(hub=hub_b, phase=Phase.SECONDARY, pupils_on_roll=1200)
    special = SchoolFactory(hub=hub_b, phase=Phase.SPECIAL, pupils_on_roll=80)
    SchoolFactory(pupils_on_roll=250)  # not a member: no fee

    created = ops.membership_fees_create(academic_year=YEAR)

    assert created == 4
    assert [fee_of(s) for s in (small, large, secondary, special)] == [
        Decimal("300.00"),
        Decimal("450.00"),
        Decimal("900.00"),
        Decimal("400.00"),
    ]
    assert MembershipFee.objects.get(school=special).band == bands[3]
    assert MembershipFee.objects.get(school=secondary).hub == hub_b
    assert MembershipFee.objects.count() == 4


def test_a_band_for_the_schools_own_phase_wins_over_an_any_phase_band(bands):
    primary = SchoolFactory.build(phase=Phase.PRIMARY, pupils_on_roll=50)

    band = ops.fee_band_for(FeeBand.objects.filter(academic_year=YEAR), primary.phase, 50)

    assert band == bands[0]


def test_a_school_in_no_band_is_left_without_a_fee(hub_a):
    FeeBandFactory(phase=Phase.PRIMARY, fee=Decimal("300"))
    secondary = SchoolFactory(hub=hub_a, phase=Phase.SECONDARY)

    assert ops.membership_fees_create(academic_year=YEAR) == 0
    assert not MembershipFee.objects.filter(school=secondary).exists()


def test_a_fee_already_set_is_kept_and_a_second_run_creates_none(bands, hub_a):
    school = SchoolFactory(hub=hub_a, pupils_on_roll=100)
    MembershipFeeFactory(
        school=school, amount=Decimal("123.00"), invoiced_on=datetime.date(YEAR, 9, 5)
    )
    other = SchoolFactory(hub=hub_a, pupils_on_roll=100)

    first = ops.membership_fees_create(academic_year=YEAR)
    second = ops.membership_fees_create(academic_year=YEAR)

    assert (first, second) == (1, 0)
    assert (fee_of(school), fee_of(other)) == (Decimal("123.00"), Decimal("300.00"))


def test_fees_for_one_hub_touch_only_its_schools(bands, school_a, school_b, hub_a):
    assert ops.membership_fees_create(academic_year=YEAR, hub=hub_a) == 1
    assert list(MembershipFee.objects.values_list("school", flat=True)) == [school_a.pk]


def test_a_fee_is_invoiced_before_it_is_paid(school_a):
    fee = MembershipFeeFactory(school=school_a)

    with pytest.raises(ValidationError) as unpaid:
        ops.membership_fee_update(fee=fee, invoiced_on=None, paid_on=datetime.date(YEAR, 10, 1))
    with pytest.raises(ValidationError) as early:
        ops.membership_fee_update(
            fee=fee, invoiced_on=datetime.date(YEAR, 10, 1), paid_on=datetime.date(YEAR, 9, 30)
        )

    assert "invoiced_on" in unpaid.value.message_dict
    assert "paid_on" in early.value.message_dict
    fee.refresh_from_db()
    assert (fee.invoiced_on, fee.paid_on, fee.status) == (None, None, "Not invoiced")


def test_a_fee_moves_from_not_invoiced_to_invoiced_to_paid(school_a):
    fee = MembershipFeeFactory(school=school_a)
    statuses = [fee.status]

    fee = ops.membership_fee_update(fee=fee, invoiced_on=datetime.date(YEAR, 9, 10), paid_on=None)
    statuses.append(fee.status)
    fee = ops.membership_fee_update(
        fee=fee, invoiced_on=datetime.date(YEAR, 9, 10), paid_on=datetime.date(YEAR, 9, 10)
    )
    statuses.append(fee.status)

    assert statuses == ["Not invoiced", "Invoiced", "Paid"]


def test_a_school_has_one_fee_a_year(school_a):
    MembershipFeeFactory(school=school_a)

    with pytest.raises(ValidationError, match="already has a fee for that year"):
        MembershipFeeFactory.build(school=school_a, hub=school_a.hub).full_clean()


@pytest.mark.parametrize(
    "low, high, overlaps",
    [(150, 250, True), (0, 0, True), (300, None, True), (None, None, False)],
)
def test_bands_of_one_phase_and_year_may_not_overlap(bands, low, high, overlaps):
    if low is None:
        # A primary band for another year may cover the same sizes.
        band = FeeBandFactory.build(academic_year=YEAR - 1, phase=Phase.PRIMARY, fee=1)
    else:
        band = FeeBandFactory.build(phase=Phase.PRIMARY, min_pupils=low, max_pupils=high, fee=1)

    if overlaps:
        with pytest.raises(ValidationError, match="overlaps"):
            band.full_clean()
    else:
        band.full_clean()


def test_an_edited_band_does_not_clash_with_itself(bands):
    bands[1].fee = Decimal("475")
    bands[1].full_clean()
    bands[1].save()

    assert FeeBand.objects.get(pk=bands[1].pk).fee == Decimal("475")


def test_the_central_team_sets_fees_from_the_membership_page(
    client_for, central_team, hub_manager_a, bands, hub_a, school_a
):
    url = reverse("hubs:fees_create", args=[hub_a.slug]) + f"?year={YEAR}"

    form = {"submission_token": uuid4()}
    assert client_for(hub_manager_a).post(url, form).status_code == 403
    assert not MembershipFee.objects.exists()
    assert client_for(central_team).post(url, form).status_code == 302
    assert fee_of(school_a) == Decimal("450.00")  # a primary of 300 pupils


def test_the_membership_page_lists_the_years_fees_with_their_status(
    client_for, senior_partner_a, hub_a, school_a
):
    MembershipFeeFactory(
        school=school_a, amount=Decimal("1450.00"), invoiced_on=datetime.date(YEAR, 9, 10)
    )
    MembershipFeeFactory(school=school_a, academic_year=YEAR - 1, amount=Decimal("77.00"))

    page = client_for(senior_partner_a).get(
        reverse("hubs:membership", args=[hub_a.slug]), {"year": YEAR}
    )

    text = page.content.decode()
    assert "£1,450.00" in text and "Invoiced" in text
    assert "£77.00" not in text
    # A senior partner reads the fees but is not offered to change them.
    assert "Record invoice or payment" not in text
