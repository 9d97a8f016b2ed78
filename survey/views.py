"""The member survey: a school's contact answers once a year; staff read the aggregates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hubs.access import require_change_permission
from hubs.models import Hub, School
from hubs.operations.forms import YearForm, add_errors
from hubs.operations.views import selected_year
from hubs.permissions import contact_school_ids
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.exports import csv_download
from partnership.lib.once import RepeatedSubmission, create_once_for_form, repeated_response
from survey import figures
from survey import services as survey
from survey.forms import SurveyForm
from survey.models import SERVICES, SurveyResponse
from survey.permissions import may_answer_for, may_read_results


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """This year's survey for each school the user is a contact of, answered or not."""
    school_ids = contact_school_ids(request.user)
    if not school_ids:
        raise Http404
    year = current_academic_year()
    answered = set(
        SurveyResponse.objects.filter(school_id__in=school_ids, academic_year=year).values_list(
            "school_id", flat=True
        )
    )
    schools = School.objects.filter(pk__in=school_ids).order_by("name").only("pk", "urn", "name")
    context = {
        "schools": [(school, school.pk in answered) for school in schools],
        "year_label": academic_year_label(year),
    }
    return render(request, "survey/mine.html", context)


@login_required
def answer(request: HttpRequest, urn: str) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), urn=urn)
    require_change_permission(may_answer_for(request.user, school))
    year = current_academic_year()
    done_url = reverse("hubs:school_detail", args=[school.urn])
    answered = SurveyResponse.objects.filter(school=school, academic_year=year).exists()
    form = None if answered else SurveyForm(request.POST or None)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def submit():
            return survey.response_submit(
                school=school,
                academic_year=year,
                recommend=data["recommend"],
                satisfaction={name: data[f"satisfaction_{name}"] for name, _ in SERVICES},
                by=request.user,
            )

        try:
            create_once_for_form(request, form, submit)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, done_url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: the school's answers are saved.")
            return redirect(done_url)
    context = {
        "school": school,
        "form": form,
        "answered": answered,
        "year_label": academic_year_label(year),
        "done_url": done_url,
    }
    return render(request, "survey/answer.html", context)


def results_for(request: HttpRequest, year: int) -> list[figures.SurveyResult]:
    hubs = Hub.objects.visible_to(request.user).order_by("name")
    return [figures.network_result(year), *figures.hub_results(year, list(hubs))]


RESULT_HEADER = [
    "Group",
    "Responses",
    "Recommend, average (0-10)",
    "Promoters (9-10) %",
    "Detractors (0-6) %",
    "Net recommend",
    *(f"{label}, average satisfaction (1-5)" for _, label in SERVICES),
]


def result_row(result: figures.SurveyResult) -> list:
    return [
        result.group,
        result.responses,
        result.recommend_average,
        result.promoters_percent,
        result.detractors_percent,
        result.net_recommend,
        *(result.satisfaction[name] for name, _ in SERVICES),
    ]


@login_required
def results(request: HttpRequest) -> HttpResponse:
    if not may_read_results(request.user):
        raise Http404
    year = selected_year(request)
    rows = [result_row(result) for result in results_for(request, year)]
    if request.GET.get("_export") == "csv":
        label = academic_year_label(year).replace("/", "-")
        return csv_download([RESULT_HEADER, *rows], f"member-survey-{label}.csv")
    context = {
        "year": year,
        "year_label": academic_year_label(year),
        "year_form": YearForm(initial={"year": year}),
        "header": RESULT_HEADER,
        "rows": rows,
        "min_responses": figures.MIN_RESPONSES,
    }
    return render(request, "survey/results.html", context)
