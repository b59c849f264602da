"""URL of the search JSON API, outside the language prefix (`/api/search/`)."""

from django.urls import path

from search import views

urlpatterns = [path("", views.api_search, name="search_api")]
