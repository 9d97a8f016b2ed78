"""Django admin's changelists at the app's page size, for the lists to be compared with.

The app's lists show ROWS_PER_PAGE rows a page and admin shows 100 by default, so this site
registers the app's own ModelAdmin for each listed model with only list_per_page changed. It is
served by bench.urls alone, never by the app.
"""

from django.contrib import admin

from brokering.admin import SupportRequestAdmin
from brokering.models import SupportRequest
from hubs.admin import SchoolAdmin
from hubs.models import School
from partnership.lib.tables import ROWS_PER_PAGE
from reviews.admin import ReviewAdmin
from reviews.models import Review

site = admin.AdminSite(name="bench_admin")


@admin.register(School, site=site)
class SchoolAtPageSize(SchoolAdmin):
    list_per_page = ROWS_PER_PAGE


@admin.register(Review, site=site)
class ReviewAtPageSize(ReviewAdmin):
    list_per_page = ROWS_PER_PAGE


@admin.register(SupportRequest, site=site)
class SupportRequestAtPageSize(SupportRequestAdmin):
    list_per_page = ROWS_PER_PAGE
