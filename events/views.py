"""Public views of the events app: calendar files served through the page tree."""

from wagtail.views import serve


def calendar_file(request, page_path: str, name: str):
    """Route `<page path>/feed.ics` to the page's `feed.ics/` sub-route.

    Going through Wagtail's own serve keeps its privacy checks and serve hooks.
    """
    return serve(request, f"{page_path}{name}.ics/")
