"""A person's own account pages, beside allauth's under /accounts/."""

from django.urls import path

from agencies import account_views

app_name = "accounts"

urlpatterns = [
    path("profile/", account_views.profile, name="profile"),
    path("profile/export/", account_views.export, name="export"),
    path("profile/delete/", account_views.delete, name="delete"),
]
