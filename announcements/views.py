"""The announcements page: the history the visitor may read, filtered by agency."""

from django.shortcuts import render

from announcements import selectors


def _agency_filter(request) -> int | None:
    """A malformed agency filter is ignored, never an error."""
    value = request.GET.get("agency", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def announcement_list(request):
    agency_id = _agency_filter(request)
    return render(
        request,
        "announcements/announcement_list.html",
        {
            "announcements": selectors.visible_announcements(
                user=request.user, agency_id=agency_id
            ),
            "agencies": selectors.agencies_with_announcements(user=request.user),
            "selected_agency": agency_id,
        },
    )
