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
    path(
        "<slug:slug>/api-tokens/webhooks/",
        views.webhook_create,
        name="api_webhook_create",
    ),
    path(
        "<slug:slug>/api-tokens/webhooks/<int:pk>/remove/",
        views.webhook_remove,
        name="api_webhook_remove",
    ),
    path(
        "<slug:slug>/api-tokens/deliveries/<int:pk>/resend/",
        views.delivery_resend,
        name="api_delivery_resend",
    ),
]
