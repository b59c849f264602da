"""Views that belong to no app: health check and the friendly error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template


def health(request):
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: whatever broke may be what they need.
    return HttpResponse(get_template("500.html").render(), status=500)
