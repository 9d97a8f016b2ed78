"""Django admin's changelists at the app's page size, for the lists to be compared with.

The app's lists show ROWS_PER_PAGE rows a page and admin shows 100 by default, so this site
registers, for every model the app's admin has, a subclass of the app's own ModelAdmin that
changes only list_per_page. (Every model, not just the listed ones: a changelist's
autocomplete fields and inlines need their related models' admins on the same site.) It is
served by bench.urls alone, never by the app.
"""

from django.apps import apps
from django.contrib import admin

from partnership.lib.tables import ROWS_PER_PAGE

site = admin.AdminSite(name="bench_admin")

for model in apps.get_models():
    if admin.site.is_registered(model):
        app_admin = type(admin.site.get_model_admin(model))
        at_page_size = type(app_admin.__name__, (app_admin,), {"list_per_page": ROWS_PER_PAGE})
        site.register(model, at_page_size)
