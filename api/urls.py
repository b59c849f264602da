"""The coordinators' API token pages, inside the language prefix:
/agencies/<slug>/api-tokens/…"""

from django.urls import path

from api import views

urlpatterns = [
    path("<slug:slug>/api-tokens/", views.token_list, name="api_tokens"),
    path(
        "<slug:slug>/api-tokens/<int:pk>/revoke/",
        views.token_revoke,
        name="api_token_revoke",
    ),
]
