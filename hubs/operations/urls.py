"""URLs for hub operations (funding, action plans, membership) and imports."""

from django.urls import path

from hubs.operations import views as views

urlpatterns = [
    path("hubs/<slug:slug>/funding/", views.funding, name="funding"),
    path("hubs/<slug:slug>/funding/allocation/", views.allocation_set, name="allocation_set"),
    path("hubs/<slug:slug>/funding/targets/", views.spend_targets_edit, name="spend_targets"),
    path("hubs/<slug:slug>/funding/spend/new/", views.spend_create, name="spend_create"),
    path("hubs/<slug:slug>/funding/spend/<int:pk>/", views.spend_edit, name="spend_edit"),
    path(
        "hubs/<slug:slug>/funding/spend/<int:pk>/delete/", views.spend_delete, name="spend_delete"
    ),
    path(
        "hubs/<slug:slug>/funding/spend/<int:pk>/receipt/",
        views.spend_receipt,
        name="spend_receipt",
    ),
    path("hubs/<slug:slug>/action-plan/", views.action_plan, name="action_plan"),
    path("hubs/<slug:slug>/action-plan/new/", views.priority_edit, name="priority_create"),
    path("hubs/<slug:slug>/action-plan/<int:pk>/", views.priority_edit, name="priority_edit"),
    path("hubs/<slug:slug>/membership/", views.membership, name="membership"),
    path(
        "hubs/<slug:slug>/membership/changes/new/",
        views.membership_change_create,
        name="membership_change_create",
    ),
    path("hubs/<slug:slug>/membership/fees/", views.fees_create, name="fees_create"),
    path("hubs/<slug:slug>/membership/fees/<int:pk>/", views.fee_edit, name="fee_edit"),
    path("membership/changes/", views.membership_changes, name="membership_changes"),
    path(
        "membership/changes/<int:pk>/decide/",
        views.membership_change_decide,
        name="membership_change_decide",
    ),
    path("imports/gias/", views.gias_import, name="gias_import"),
    path("imports/memberships/", views.membership_import, name="membership_import"),
    path("imports/runs/<int:pk>/", views.import_run, name="import_run"),
    path("imports/runs/<int:pk>/import/", views.import_run_apply, name="import_run_apply"),
    path("imports/runs/<int:pk>/retry/", views.import_run_retry, name="import_run_retry"),
]
