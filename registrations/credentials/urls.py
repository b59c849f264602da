"""Unprefixed credential routes (the DID and the status list name no language)."""

from django.urls import path

from registrations.credentials import views

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="credentials_did"),
    path(
        "credentials/status/revocation.json",
        views.status_list,
        name="credentials_status",
    ),
]
