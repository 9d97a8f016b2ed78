"""Writes for hub operations: spend against an allocation, fees, membership changes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from hubs import services
from hubs.models import (
    ActionPriority,
    FeeBand,
    FundingAllocation,
    Hub,
    MembershipChange,
    MembershipFee,
    School,
    SpendEntry,
    SpendTarget,
)


@dataclass
class OverspendNeedsConfirmation(Exception):
    """The spend would take the hub over its allocation; ask the person to confirm first."""

    allocation: Decimal
    spent: Decimal
    amount: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocation - self.spent

    def __str__(self) -> str:
        return (
            f"This spend of £{self.amount:,.2f} is more than the £{self.remaining:,.2f} left of "
            f"the £{self.allocation:,.2f} allocation. Confirm to record it; the central team "
            "will be told."
        )


@transaction.atomic
def spend_record(
    *,
    allocation: FundingAllocation,
    spent_on: datetime.date,
    amount: Decimal,
    category: str,
    description: str,
    receipt=None,
    priority: ActionPriority | None = None,
    confirm_overspend: bool = False,
    by=None,
) -> SpendEntry:
    """Record spend; one that would overspend needs confirming and is flagged.

    The allocation row is locked first, so of two people adding spend at once the second waits
    and its overspend check counts the first one's entry.
    """
    allocation = FundingAllocation.objects.select_for_update().get(pk=allocation.pk)
    entry = SpendEntry(
        allocation=allocation,
        spent_on=spent_on,
        amount=amount,
        category=category,
        description=description,
        priority=priority,
        recorded_by=by,
    )
    if receipt:
        entry.receipt = receipt
    # Checked before the overspend question: a spend that cannot be recorded anyway (wrong
    # year, bad receipt) is refused at once rather than after the person has confirmed it.
    entry.full_clean()
    spent = allocation.spend_entries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    entry.overspend = spent + amount > allocation.amount
    if entry.overspend and not confirm_overspend:
        raise OverspendNeedsConfirmation(allocation=allocation.amount, spent=spent, amount=amount)
    entry.save()
    return entry


class SpendChangedMeanwhile(Exception):
    """Someone else edited or deleted the entry after this person opened it."""

    def __str__(self) -> str:
        return (
            "Someone else changed this spend entry after you opened it, so nothing was saved. "
            "Its current details are shown below; make your change again."
        )


@transaction.atomic
def spend_update(
    *, entry: SpendEntry, version: int, confirm_overspend: bool = False, by=None
) -> SpendEntry:
    """Save an edited entry (its fields already set) unless it changed since it was opened.

    Like a new entry, an edit that takes the hub over its allocation needs confirming.
    """
    allocation = FundingAllocation.objects.select_for_update().get(pk=entry.allocation_id)
    current = SpendEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None or current.version != version:
        raise SpendChangedMeanwhile()
    entry.full_clean()
    others = allocation.spend_entries.exclude(pk=entry.pk).aggregate(total=Sum("amount"))
    spent = others["total"] or Decimal("0")
    over = spent + entry.amount > allocation.amount
    growing = entry.amount > current.amount
    if over and growing and not confirm_overspend:
        raise OverspendNeedsConfirmation(
            allocation=allocation.amount, spent=spent, amount=entry.amount
        )
    entry.overspend = over
    entry.version = version + 1
    entry.save()
    return entry


@transaction.atomic
def spend_delete(*, entry: SpendEntry, version: int) -> None:
    """Delete an entry (its history keeps it) unless it changed since the person opened it."""
    current = SpendEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None or current.version != version:
        raise SpendChangedMeanwhile()
    current.delete()


@transaction.atomic
def allocation_set(*, hub: Hub, academic_year: int, amount: Decimal) -> FundingAllocation:
    allocation = (
        FundingAllocation.objects.select_for_update()
        .filter(hub=hub, academic_year=academic_year)
        .first()
    ) or FundingAllocation(hub=hub, academic_year=academic_year)
    allocation.amount = amount
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def spend_targets_agree(
    *, hub: Hub, academic_year: int, amounts: dict[str, Decimal | None], by
) -> list[SpendTarget]:
    """Set the hub's target per category for the year; a blank amount removes that target.
    Only the targets whose amount changes are recorded as agreed anew, by whom and when."""
    current = {
        target.category: target
        for target in SpendTarget.objects.select_for_update().filter(
            hub=hub, academic_year=academic_year
        )
    }
    saved = []
    for category, amount in amounts.items():
        target = current.get(category)
        if amount is None:
            if target is not None:
                target.delete()
            continue
        if target is not None and target.amount == amount:
            saved.append(target)
            continue
        target = target or SpendTarget(hub=hub, academic_year=academic_year, category=category)
        target.amount = amount
        target.agreed_by = by
        target.agreed_at = timezone.now()
        target.full_clean()
        target.save()
        saved.append(target)
    return saved


def fee_band_for(bands: list[FeeBand], phase: str, pupils: int | None) -> FeeBand | None:
    """The band a school falls in; a band for its own phase wins over an any-phase band."""
    fitting = [band for band in bands if band.fits(phase, pupils)]
    fitting.sort(key=lambda band: (band.phase == "", band.min_pupils))
    return fitting[0] if fitting else None


@transaction.atomic
def fees_due(*, academic_year: int, hub: Hub | None = None) -> list[tuple[int, int, FeeBand]]:
    """(school id, hub id, band) for each member school without a fee for the year, in id order.

    Schools that fit no band are left out.
    """
    bands = list(FeeBand.objects.filter(academic_year=academic_year))
    schools = School.objects.members().exclude(fees__academic_year=academic_year)
    if hub is not None:
        schools = schools.filter(hub=hub)
    due = []
    for school_id, hub_id, phase, pupils in schools.order_by("id").values_list(
        "id", "hub_id", "phase", "pupils_on_roll"
    ):
        band = fee_band_for(bands, phase, pupils)
        if band is not None:
            due.append((school_id, hub_id, band))
    return due


def membership_fees_create(*, academic_year: int, hub: Hub | None = None) -> int:
    """Give every member school without a fee for the year the fee of its band.

    Returns how many fees were created; schools that fit no band are left without one.
    """
    fees = [
        MembershipFee(
            school_id=school_id,
            hub_id=hub_id,
            academic_year=academic_year,
            band=band,
            amount=band.fee,
        )
        for school_id, hub_id, band in fees_due(academic_year=academic_year, hub=hub)
    ]
    MembershipFee.objects.bulk_create(fees, batch_size=2000, ignore_conflicts=True)
    return len(fees)


@transaction.atomic
def membership_fee_update(
    *, fee: MembershipFee, invoiced_on: datetime.date | None, paid_on: datetime.date | None
) -> MembershipFee:
    fee = MembershipFee.objects.select_for_update().get(pk=fee.pk)
    fee.invoiced_on = invoiced_on
    fee.paid_on = paid_on
    fee.full_clean()
    fee.save()
    return fee


def membership_change_request(
    *,
    kind: str,
    school: School,
    hub: Hub,
    effective_on: datetime.date,
    to_hub: Hub | None = None,
    note: str = "",
    by=None,
) -> MembershipChange:
    change = MembershipChange(
        kind=kind,
        school=school,
        hub=hub,
        to_hub=to_hub,
        effective_on=effective_on,
        note=note,
        requested_by=by,
    )
    change.full_clean()
    change.save()
    return change


class ChangeAlreadyDecided(Exception):
    """Someone else confirmed or rejected the change first."""


@transaction.atomic
def membership_change_confirm(*, change: MembershipChange, by) -> MembershipChange:
    """Carry the change out through the membership services, which keep School.hub in step."""
    change = MembershipChange.objects.select_for_update().get(pk=change.pk)
    if change.status != MembershipChange.Status.PENDING:
        raise ChangeAlreadyDecided(f"This change was already {change.get_status_display()}.")
    # The school may have moved since the change was recorded: check again under the lock.
    school = School.objects.select_for_update().get(pk=change.school_id)
    change.school = school
    change.clean()
    if change.kind == MembershipChange.Kind.JOIN:
        services.membership_join(school=school, hub=change.hub, joined_on=change.effective_on)
    elif change.kind == MembershipChange.Kind.LEAVE:
        services.membership_leave(school=school, left_on=change.effective_on)
    else:
        services.membership_move(school=school, to_hub=change.to_hub, moved_on=change.effective_on)
    return _decide(change, MembershipChange.Status.CONFIRMED, by)


@transaction.atomic
def membership_change_reject(*, change: MembershipChange, by) -> MembershipChange:
    change = MembershipChange.objects.select_for_update().get(pk=change.pk)
    if change.status != MembershipChange.Status.PENDING:
        raise ChangeAlreadyDecided(f"This change was already {change.get_status_display()}.")
    return _decide(change, MembershipChange.Status.REJECTED, by)


def _decide(change: MembershipChange, status: str, by) -> MembershipChange:
    change.status = status
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change
