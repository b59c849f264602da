"""Template tags for the site chrome: main menu, language switcher, footer links,
and the cached chrome itself (`{% sitechrome %}`, portal.chrome)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import override as translation_override
from wagtail.models import Page, Site

from portal import chrome

register = template.Library()


def _localized_root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page.localized if site else None


def _root_children(request) -> tuple[Page | None, list[Page]]:
    """The localized home and its live children, read once per request for the
    menu and the footer."""
    if not hasattr(request, "_portal_root_children"):
        root = _localized_root(request)
        children = (
            list(root.get_children().live().select_related("content_type"))
            if root
            else []
        )
        request._portal_root_children = (root, children)
    return request._portal_root_children


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main navigation. Which link is the current one is written as markers
    (portal.chrome) and filled in for this request, so that the menu's HTML is
    the same on every page and the site chrome can be cached once."""
    request = context["request"]
    root, children = _root_children(request)
    # The calendar of trainings first: it is what most people come for.
    items = sorted(
        (child for child in children if child.show_in_menus),
        key=lambda item: item.content_type.model != "eventindexpage",
    )
    html = render_to_string(
        "includes/main_menu.html",
        {
            "request": request,
            "root": root,
            "root_current": chrome.marker(chrome.SAME_PAGE, root.path) if root else "",
            "items": [
                {"page": item, "current": chrome.marker(chrome.IN_SECTION, item.path)}
                for item in items
            ],
            "agencies_current": chrome.marker(
                chrome.PATH_CONTAINS, reverse("agencies:list")
            ),
            "announcements_current": chrome.marker(
                chrome.SAME_PATH, reverse("announcements:list")
            ),
        },
    )
    if context.get(chrome.INSIDE_CHROME):
        return html  # the enclosing {% sitechrome %} fills the markers in
    return chrome.fill_current(html, request=request, page=context.get("page"))


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
        for translation in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
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


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The site map and the legal pages that exist in the reader's language."""
    from home.selectors import LEGAL_PAGE_SLUGS

    request = context["request"]
    _root, children = _root_children(request)
    pages = {child.slug: child for child in children}
    return {
        "request": request,
        "legal": [pages[slug] for slug in LEGAL_PAGE_SLUGS if slug in pages],
    }


@register.simple_tag(takes_context=True)
def absolute_url(context, target, suffix: str = "", subpage: str = "") -> str:
    """A page's (or a path's) full URL on the host the request came to.

    For feeds and alternate links: Wagtail's full URLs name the Site's configured
    host, which is not the one people reached (a proxy, another name, a port).
    `subpage` names a routable page's route, `suffix` is appended (``feed.ics``).
    """
    request = context["request"]
    path = target.get_url(request=request) if isinstance(target, Page) else target
    if subpage:
        path += target.reverse_subpage(subpage)
    return request.build_absolute_uri(f"{path}{suffix}")


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


class SiteChromeNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        return chrome.render(self.name, self.nodelist, context)


@register.tag("sitechrome")
def do_sitechrome(parser, token):
    """`{% sitechrome "name" %}…{% endsitechrome %}`: a part of the header or
    footer every visitor in the same language and sign-in state sees alike,
    cached under the content version (portal.chrome). Nothing personal inside
    beyond the sign-in state, and no CSRF token."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            'Usage: {% sitechrome "name" %}…{% endsitechrome %}'
        )
    nodelist = parser.parse(("endsitechrome",))
    parser.delete_first_token()
    return SiteChromeNode(nodelist, bits[1][1:-1])


def _may_use_admin(user) -> bool:
    """Whether Wagtail's `access_admin` permission is the user's, in one query
    (Django's has_perm reads the user's and the groups' permissions in two, for
    every signed-in page view, where nearly everyone is a participant)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if hasattr(user, "_perm_cache"):  # read already in this request
        return user.has_perm("wagtailadmin.access_admin")
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    return (
        Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


@register.simple_tag(takes_context=True)
def userbar(context):
    """Wagtail's user bar, for those who may use the admin; nothing (and one
    query at most) for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not _may_use_admin(user):
        return ""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    return wagtailuserbar(context)
