"""The coordinators' partner calendars page, inside the language prefix:
/agencies/<slug>/partner-calendars/…"""

from django.urls import path

from events import subscription_views

urlpatterns = [
    path(
        "<slug:slug>/partner-calendars/",
        subscription_views.subscription_list,
        name="calendar_subscriptions",
    ),
    path(
        "<slug:slug>/partner-calendars/<int:pk>/remove/",
        subscription_views.subscription_remove,
        name="calendar_subscription_remove",
    ),
]
