"""Forms for entering the network's income, activity budgets and quarterly forecasts."""

from django import forms

from finance.models import ActivityBudget, IncomeEntry, SpendForecast
from hubs.operations.forms import DATE, CreateOnceMixin
from partnership.lib.forms import BootstrapFormMixin


class IncomeForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = IncomeEntry
        fields = ["source", "received_on", "amount", "description"]
        widgets = {"received_on": DATE}


class BudgetForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = ActivityBudget
        fields = ["category", "amount", "agreed_on", "agreed_by"]
        widgets = {"agreed_on": DATE}


class ForecastForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = SpendForecast
        fields = ["quarter", "category", "amount"]
