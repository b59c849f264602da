"""Template tags for the site chrome: main menu and the language switcher."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import override as translation_override
from wagtail.models import Page, Site

register = template.Library()


def _localized_root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page.localized if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    root = _localized_root(request)
    current_path = getattr(context.get("page"), "path", "")
    items = root.get_children().live().in_menu() if root else Page.objects.none()
    return {
        "request": request,
        "root": root,
        "root_current": bool(root) and current_path == root.path,
        "items": [
            {"page": item, "current": current_path.startswith(item.path)}
            for item in items
        ],
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same content in each language.

    On a Wagtail page the link goes to that page's translation or, when there is
    none, to a page saying so with a link to the original (never a 404 or the
    home page); elsewhere the URL is translated.
    """
    request = context["request"]
    page = context.get("page") or context.get("switcher_page")
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live():
            translations[translation.locale.language_code] = translation
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request=request)
        elif isinstance(page, Page):
            with translation_override(code):
                url = reverse("not_translated", args=[page.pk])
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "current": code == get_language(),
            }
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (empty values drop)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    if "page" not in changes:
        query.pop("page", None)
    return query.urlencode()
