"""Pagination shared by every listing: bad page numbers fall back to a sane page."""

from django.core.paginator import Page, Paginator


def paginate(request, object_list, *, per_page: int = 10) -> Page:
    """Return the requested page; non-numbers give the first, too-large the last."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
