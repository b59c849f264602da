"""Public URLs of the agencies app (inside the language prefix): /agencies/…"""

from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
    path("<slug:slug>/", views.agency_detail, name="detail"),
    path("<slug:slug>/members/", views.membership_list, name="members"),
    path("<slug:slug>/logo/", views.agency_logo, name="logo"),
    path(
        "<slug:slug>/members/<int:pk>/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/",
        views.invitation_manage,
        name="invitation_manage",
    ),
]
