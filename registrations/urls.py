"""Participant URLs of registrations (inside the language prefix): /registrations/…"""

from django.urls import path

from registrations import (
    certificate_views,
    endorsement_views,
    facilitator_views,
    review_views,
    views,
)
from registrations.credentials import views as credential_views

app_name = "registrations"

urlpatterns = [
    path("", views.registration_list, name="list"),
    path("apply/<int:event_id>/", views.apply, name="apply"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/undo/", views.undo_cancel, name="undo_cancel"),
    path(
        "<int:pk>/offer/accept/",
        views.offer_answer,
        {"answer": "accept"},
        name="offer_accept",
    ),
    path(
        "<int:pk>/offer/decline/",
        views.offer_answer,
        {"answer": "decline"},
        name="offer_decline",
    ),
    path("<int:pk>/evaluation/", certificate_views.evaluate, name="evaluate"),
    path("<int:pk>/certificate.pdf", certificate_views.certificate, name="certificate"),
    path("<int:pk>/check-in-code/", views.checkin_code, name="checkin_code"),
    path("nominate/<int:event_id>/", endorsement_views.nominate, name="nominate"),
    path("nominations/<str:token>/", endorsement_views.nomination, name="nomination"),
    path("endorsements/<str:token>/", endorsement_views.endorse, name="endorse"),
    path("facilitating/", facilitator_views.facilitations, name="facilitations"),
    path("certificates/", certificate_views.verify, name="verify_lookup"),
    path("certificates/<str:code>/", certificate_views.verify, name="verify"),
    path(
        "certificates/<str:code>/credential.json",
        credential_views.credential,
        name="credential",
    ),
    path("review/", review_views.review_list, name="review_list"),
    path("review/<int:event_id>/", review_views.grid, name="review_grid"),
    path("review/<int:event_id>/cell/", review_views.grid_cell, name="review_cell"),
]
