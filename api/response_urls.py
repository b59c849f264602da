"""The URLconf /api/v1/ responses are judged by once the view has answered: no
language prefix and no paths, so an API 404 stays a 404 (LocaleMiddleware would
otherwise redirect it to /es/…, CommonMiddleware to the address with a slash)."""

urlpatterns = []
