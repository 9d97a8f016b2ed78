"""Answering the member survey."""

from django.db import transaction

from survey.models import SERVICES, SurveyResponse


@transaction.atomic
def response_submit(*, school, academic_year, recommend, satisfaction: dict, by) -> SurveyResponse:
    """The school's answer for the year: one per school and year (a second is refused)."""
    response = SurveyResponse(
        school=school,
        hub=school.hub,
        academic_year=academic_year,
        respondent=by,
        recommend=recommend,
        **{f"satisfaction_{name}": satisfaction.get(name) for name, _ in SERVICES},
    )
    response.full_clean()
    response.save()
    return response
