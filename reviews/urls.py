from django.urls import path

from reviews import flow_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("calendar/", views.review_calendar, name="calendar"),
    path("new/", views.review_create, name="create"),
    path("reviewers/", views.reviewer_list, name="reviewers"),
    path("coverage/", views.review_coverage, name="coverage"),
    path("reviewers/<int:pk>/", views.reviewer_detail, name="reviewer"),
    path("reviewers/<int:pk>/unavailable/", views.unavailable_add, name="unavailable_add"),
    path(
        "reviewers/<int:pk>/unavailable/<int:away_pk>/remove/",
        views.unavailable_remove,
        name="unavailable_remove",
    ),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/edit/", views.review_edit, name="edit"),
    path("<int:pk>/transition/", views.review_transition, name="transition"),
    path("<int:pk>/team/", views.review_team, name="team"),
    path("<int:pk>/team/add/", views.team_add, name="team_add"),
    path("<int:pk>/team/swap/", views.team_swap, name="team_swap"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/report/", views.review_report, name="report"),
    path("<int:pk>/area-of-excellence/", views.area_nominate, name="nominate"),
    path("<int:pk>/area-of-excellence/verify/", views.area_verify, name="verify"),
    path("<int:pk>/feedback/", views.feedback_give, name="feedback"),
    path("<int:pk>/share/", views.report_share, name="share"),
    path("<int:pk>/share/<int:share_pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("mine/", flow_views.my_reviews, name="mine"),
    path("<int:pk>/pack/", flow_views.review_pack, name="pack"),
    path("<int:pk>/evidence/", flow_views.review_evidence, name="evidence"),
    path("<int:pk>/self-evaluation/", flow_views.self_evaluation, name="self_evaluation"),
    path("<int:pk>/plan/", views.improvement_plan, name="plan"),
    path("<int:pk>/plan/<int:ebi_pk>/add/", views.action_add, name="action_add"),
    path("<int:pk>/plan/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("<int:pk>/outcomes/", views.ebi_outcomes, name="outcomes"),
    path("<int:pk>/reviewer-feedback/", views.reviewer_feedback, name="reviewer_feedback"),
]
