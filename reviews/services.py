"""Writes to reviews: each validates through the models and runs in one transaction.

Every change to a review goes through `_lock()`: the row is locked with SELECT ... FOR UPDATE and
the version the user's form was built from is compared with the one stored, so when two people
edit at once the second is told and nothing they did not see is overwritten.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from hubs.models import School
from reviews import emails
from reviews.models import (
    AreaOfExcellence,
    EbiOutcome,
    EstimateHeading,
    EvenBetterIf,
    EvidenceNote,
    Framework,
    Grade,
    HeadteacherFeedback,
    ImprovementAction,
    PracticeArea,
    ReportShare,
    Review,
    Reviewer,
    ReviewerFeedback,
    ReviewKind,
    ReviewStatusChange,
    SelfEstimate,
    SelfEvaluation,
    Strength,
    TeamMember,
    Unavailability,
    transition_problems,
)

STALE_MESSAGE = (
    "Someone else changed this review while you were working on it. "
    "Nothing of yours was saved; the page now shows their changes, so check and try again."
)


class StaleReview(ValidationError):
    """The review changed since the form was shown."""


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def _lock(review: Review, version: int | None) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if version is not None and locked.version != version:
        raise StaleReview(STALE_MESSAGE)
    return locked


def _bump(review: Review) -> None:
    Review.objects.filter(pk=review.pk).update(version=F("version") + 1)
    review.version += 1


def _record_status(review: Review, from_status: str, *, by, note: str = "") -> None:
    ReviewStatusChange.objects.create(
        review=review, from_status=from_status, to_status=review.status, changed_by=by, note=note
    )


@transaction.atomic
def review_create(
    *,
    school: School,
    kind: ReviewKind,
    academic_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    spotlight_scope: str = "",
    by,
) -> Review:
    framework = Framework.for_year(academic_year)
    if framework is None:
        raise ValidationError(
            "No estimate framework is in force for that academic year; add one in admin first."
        )
    review = Review(
        school=school,
        kind=kind,
        academic_year=academic_year,
        framework=framework,
        starts_on=starts_on,
        ends_on=ends_on,
        spotlight_scope=spotlight_scope,
    )
    review.full_clean()
    review.save()
    _record_status(review, "", by=by, note="Scheduled.")
    return review


@transaction.atomic
def review_update(*, review: Review, version: int, by, **fields) -> Review:
    """Change a review's dates, kind or summary."""
    locked = _lock(review, version)
    year_changes = "academic_year" in fields and fields["academic_year"] != locked.academic_year
    for name, value in fields.items():
        setattr(locked, name, value)
    if year_changes:
        if locked.estimates.exists():
            raise ValidationError(
                {"academic_year": "Estimates are recorded; the year can no longer change."}
            )
        locked.framework = Framework.for_year(locked.academic_year) or locked.framework
    locked.full_clean()
    locked.save()
    if year_changes:
        locked.team.update(academic_year=locked.academic_year)
    _bump(locked)
    return locked


@transaction.atomic
def review_transition(*, review: Review, to: str, version: int, by, note: str = "") -> Review:
    """Move the review on; each step is kept in its status history with who and when. The
    people it concerns hear of it by email: queued in this transaction, so it goes only if the
    change is committed."""
    locked = _lock(review, version)
    from_status = locked.status
    problems = transition_problems(locked, from_status, to)
    if to == Review.Status.RETURNED and not note.strip():
        problems = [*problems, "Say what the lead should change: the comments go to them."]
    if problems:
        raise ValidationError(problems)
    locked.status = to
    if to == Review.Status.PUBLISHED:
        locked.published_on = datetime.date.today()
    locked.full_clean()
    locked.save()
    _record_status(locked, from_status, by=by, note=note.strip())
    _bump(locked)
    send = ANNOUNCED.get(to)
    if send:
        send(locked.pk)
    return locked


# Status changes that send emails, each a plain function of the review's id.
ANNOUNCED = {
    Review.Status.TEAM_CONFIRMED: emails.send_team_confirmed,
    Review.Status.RETURNED: emails.send_report_returned,
    Review.Status.PUBLISHED: emails.send_report_published,
}


def _require_open_team(review: Review) -> None:
    if not review.team_is_open:
        raise ValidationError("The team can change only before the review starts on site.")


@transaction.atomic
def team_member_add(
    *, review: Review, reviewer: Reviewer, role: str, version: int, by, override_reason: str = ""
) -> TeamMember:
    """Put a reviewer on the team; a same-hub or last-year conflict needs a written reason."""
    locked = _lock(review, version)
    _require_open_team(locked)
    member = TeamMember(
        review=locked,
        reviewer=reviewer,
        role=role,
        conflict_override_reason=override_reason.strip(),
    )
    member.full_clean()
    if member.overridden_conflicts:
        member.overridden_by = by
    else:
        # Nothing to override: a reason given anyway is not recorded as an override.
        member.conflict_override_reason = ""
    member.save()
    _bump(locked)
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, version: int) -> None:
    locked = _lock(member.review, version)
    _require_open_team(locked)
    member.delete()
    _bump(locked)


@transaction.atomic
def team_member_swap(
    *,
    member: TeamMember,
    reviewer: Reviewer,
    version: int,
    by,
    override_reason: str = "",
) -> TeamMember:
    """Replace one team member with another reviewer in the same role."""
    review, role = member.review, member.role
    team_member_remove(member=member, version=version)
    return team_member_add(
        review=review,
        reviewer=reviewer,
        role=role,
        version=version + 1,
        by=by,
        override_reason=override_reason,
    )


def _require_open_report(review: Review) -> None:
    if not review.report_is_open:
        raise ValidationError(
            "The report is written from when the team is on site until it is published."
        )


@transaction.atomic
def estimates_record(
    *, review: Review, grades: dict[EstimateHeading, Grade | None], summary: str, version: int
) -> Review:
    """Record the team's estimate under each heading and the summary of what went well."""
    locked = _lock(review, version)
    _require_open_report(locked)
    for heading, grade in grades.items():
        if grade is None:
            locked.estimates.filter(heading=heading).delete()
            continue
        estimate = locked.estimates.filter(heading=heading).first()
        if estimate is None:
            estimate = locked.estimates.model(review=locked, heading=heading)
        estimate.grade = grade
        estimate.full_clean()
        estimate.save()
    locked.what_went_well_summary = summary
    locked.save(update_fields=["what_went_well_summary"])
    _bump(locked)
    return locked


@transaction.atomic
def report_save(
    *,
    review: Review,
    grades: dict[EstimateHeading, Grade | None],
    summary: str,
    strengths: dict[Strength, str | None],
    ebis: dict[EvenBetterIf, tuple[str, PracticeArea | None] | None],
    new_strength: str = "",
    new_ebi: str = "",
    new_ebi_area: PracticeArea | None = None,
    version: int,
) -> Review:
    """Save the whole report page at once: estimates and summary, each point as edited (None
    removes it), and a new strength and even better if when written."""
    locked = estimates_record(review=review, grades=grades, summary=summary, version=version)
    for strength, text in strengths.items():
        if text is None:
            strength.delete()
        elif text != strength.text:
            strength.text = text
            strength.full_clean()
            strength.save()
    for ebi, edited in ebis.items():
        if edited is None:
            ebi.delete()
            continue
        text, area = edited
        if (text, area) != (ebi.text, ebi.practice_area):
            ebi.text, ebi.practice_area = text, area
            ebi.full_clean()
            ebi.save()
    if new_strength:
        strength = Strength(review=locked, text=new_strength)
        strength.full_clean()
        strength.save()
    if new_ebi:
        ebi = EvenBetterIf(review=locked, text=new_ebi, practice_area=new_ebi_area)
        ebi.full_clean()
        ebi.save()
    return locked


@transaction.atomic
def area_of_excellence_nominate(
    *, review: Review, practice_area: PracticeArea, description: str
) -> AreaOfExcellence:
    """The school nominates one area of excellence for the team to look at."""
    locked = _lock(review, None)
    if locked.status in (Review.Status.PUBLISHED, Review.Status.CANCELLED):
        raise ValidationError("Nominations close when the review is published or cancelled.")
    area = AreaOfExcellence.objects.filter(review=locked).first() or AreaOfExcellence(
        review=locked, school=locked.school
    )
    if area.status != AreaOfExcellence.Status.NOMINATED:
        raise ValidationError("The team has already decided on this nomination.")
    area.practice_area = practice_area
    area.description = description
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_of_excellence_verify(
    *, area: AreaOfExcellence, verified: bool, version: int, by
) -> AreaOfExcellence:
    """The team's decision. A verified area runs for the configured years from the review;
    it replaces any earlier verified area of the school in the same practice area."""
    locked = _lock(area.review, version)
    _require_open_report(locked)
    area.verified_by = by
    if verified:
        area.status = AreaOfExcellence.Status.VERIFIED
        area.verified_on = locked.ends_on
        area.expires_on = add_years(locked.ends_on, settings.AREA_OF_EXCELLENCE_VALID_YEARS)
        AreaOfExcellence.objects.offered(on=area.verified_on).filter(
            school_id=area.school_id, practice_area_id=area.practice_area_id
        ).exclude(pk=area.pk).update(expires_on=area.verified_on)
    else:
        area.status = AreaOfExcellence.Status.NOT_VERIFIED
        area.verified_on = locked.ends_on
        area.expires_on = None
    area.full_clean()
    area.save()
    _bump(locked)
    return area


@transaction.atomic
def feedback_give(
    *, review: Review, impact_rating: int, development_rating: int, comment: str, by
) -> HeadteacherFeedback:
    feedback = HeadteacherFeedback.objects.filter(review=review).first() or HeadteacherFeedback(
        review=review
    )
    feedback.impact_rating = impact_rating
    feedback.development_rating = development_rating
    feedback.comment = comment
    feedback.given_by = by
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def report_share_withdraw(*, share: ReportShare) -> None:
    """The share's history keeps who shared it, and who withdrew it and when."""
    share.delete()


@transaction.atomic
def report_share(*, review: Review, school: School, by) -> ReportShare:
    share = ReportShare(review=review, school=school, shared_by=by)
    share.full_clean()
    share.save()
    return share


@transaction.atomic
def self_evaluation_save(
    *, review: Review, grades: dict[EstimateHeading, Grade | None], focus: str, version: int, by
) -> SelfEvaluation:
    """The school's own estimate under each heading and the focus it asks the team to look at,
    recorded before the team arrives."""
    locked = _lock(review, version)
    if not locked.self_evaluation_is_open:
        raise ValidationError("The school evaluates itself before the team arrives on site.")
    evaluation = SelfEvaluation.objects.filter(review=locked).first() or SelfEvaluation(
        review=locked
    )
    evaluation.focus = focus.strip()
    evaluation.recorded_by = by
    evaluation.full_clean()
    evaluation.save()
    for heading, grade in grades.items():
        if grade is None:
            evaluation.estimates.filter(heading=heading).delete()
            continue
        estimate = evaluation.estimates.filter(heading=heading).first() or SelfEstimate(
            evaluation=evaluation, heading=heading
        )
        estimate.grade = grade
        estimate.full_clean()
        estimate.save()
    _bump(locked)
    return evaluation


@transaction.atomic
def evidence_add(*, review: Review, heading: EstimateHeading, text: str, by) -> EvidenceNote:
    """A reviewer's evidence under one heading, while the report is being written."""
    locked = _lock(review, None)
    _require_open_report(locked)
    note = EvidenceNote(review=locked, heading=heading, text=text.strip(), author=by)
    note.full_clean()
    note.save()
    return note


# The reviewer register, and what follows a published report.

ACTION_STALE_MESSAGE = (
    "Someone else changed this action while you were working on it. "
    "Nothing of yours was saved; the page now shows their change, so check and try again."
)


class StaleAction(ValidationError):
    """The improvement action changed since the form was shown."""


@transaction.atomic
def improvement_action_add(
    *, ebi: EvenBetterIf, text: str, owner: str, due_on: datetime.date, rag: str, by
) -> ImprovementAction:
    action = ImprovementAction(
        ebi=ebi, text=text.strip(), owner=owner.strip(), due_on=due_on, rag=rag, updated_by=by
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def improvement_action_update(
    *, action: ImprovementAction, version: int, by, **fields
) -> ImprovementAction:
    locked = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if locked.version != version:
        raise StaleAction(ACTION_STALE_MESSAGE)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.updated_by = by
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def ebi_outcomes_record(*, review: Review, outcomes: dict[int, str], by) -> list[EbiOutcome]:
    """The team's finding on each EBI of the previous review (by EBI id); a blank is skipped."""
    if not review.report_is_open:
        raise ValidationError("Outcomes are recorded while the team is on site or drafting.")
    ebis = {ebi.pk: ebi for ebi in previous_ebis(review)}
    saved = []
    for ebi_id, outcome in outcomes.items():
        if not outcome:
            continue
        if ebi_id not in ebis:
            raise ValidationError("That EBI is not one of the previous review's.")
        record = EbiOutcome.objects.filter(ebi_id=ebi_id).first() or EbiOutcome(ebi=ebis[ebi_id])
        record.review = review
        record.outcome = outcome
        record.recorded_by = by
        record.full_clean()
        record.save()
        saved.append(record)
    return saved


def previous_review(review: Review) -> Review | None:
    """The school's latest published review before this one (the one its EBIs came from)."""
    return Review.objects.published_before(review.school_id, review.starts_on).first()


def previous_ebis(review: Review) -> list[EvenBetterIf]:
    previous = previous_review(review)
    if previous is None:
        return []
    return list(previous.ebis.select_related("outcome"))


@transaction.atomic
def reviewer_feedback_give(
    *, review: Review, reviewer: Reviewer, given_as: str, rating: int, comment: str, by
) -> ReviewerFeedback:
    """Record (or change) the lead's or the headteacher's rating of one reviewer on a review."""
    feedback = ReviewerFeedback.objects.filter(
        review=review, reviewer=reviewer, given_as=given_as
    ).first() or ReviewerFeedback(review=review, reviewer=reviewer, given_as=given_as)
    feedback.rating = rating
    feedback.comment = comment.strip()
    feedback.given_by = by
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def unavailability_add(
    *, reviewer: Reviewer, starts_on: datetime.date, ends_on: datetime.date, reason: str = ""
) -> Unavailability:
    away = Unavailability(
        reviewer=reviewer, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    away.full_clean()
    away.save()
    return away
