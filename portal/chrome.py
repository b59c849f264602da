"""The site chrome (header menu, account links, footer) rendered once per content
version, language and sign-in state, and shared by every page.

Pages rendered for one person (signed in, or with a message to show) are not in
the anonymous page cache, but most of their header and footer is what everyone
sees: the menu (the localized home's children: the site, the locale, the root
and its children), the footer (portal settings and the legal pages). `{%
sitechrome "name" %}…{% endsitechrome %}` (portal_tags) keeps that HTML in the
cache under the content version (core.cache), which every page, site, locale
and portal-settings change replaces, so a hit runs no SQL.

The chrome differs between pages only in which menu link is the current one
(`aria-current`). The menu is therefore rendered with markers in place of that
attribute (`marker`), stored with them, and `fill_current` writes the attribute
for the request at hand, with the rules the menu always had: the home link on
the home page, a section's link anywhere under its page, Agencies on any address
containing its own, Announcements on its own address.
"""

import hashlib
import re

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import TIMEOUT, request_listings_version

# Context flag: set while a {% sitechrome %} block renders (the menu then leaves
# its markers for the block to fill in, cached or not).
INSIDE_CHROME = "_inside_site_chrome"

# How a marker decides whether its link is the current one.
SAME_PAGE = "page"  # the page being shown has this tree path
IN_SECTION = "section"  # the page being shown is this page or under it
PATH_CONTAINS = "contains"  # the request's path contains this address
SAME_PATH = "path"  # the request's path is this address

_MARKER = re.compile("\x00(page|section|contains|path):([^\x00]*)\x00")
CURRENT = ' aria-current="page"'


def marker(rule: str, value: str) -> SafeString:
    """Stands where ` aria-current="page"` goes when `rule` holds for `value`."""
    return mark_safe(f"\x00{rule}:{value}\x00")  # noqa: S308 - tree paths, our URLs


def _is_current(rule: str, value: str, *, page_path: str, request_path: str) -> bool:
    if rule == SAME_PAGE:
        return page_path == value
    if rule == IN_SECTION:
        return bool(page_path) and page_path.startswith(value)
    if rule == PATH_CONTAINS:
        return value in request_path
    return request_path == value


def fill_current(html: str, *, request, page) -> SafeString:
    """The chrome's HTML with each marker replaced for this request."""
    page_path = getattr(page, "path", "") or ""
    request_path = request.path if request is not None else ""

    def replace(match: re.Match) -> str:
        current = _is_current(
            match[1], match[2], page_path=page_path, request_path=request_path
        )
        return CURRENT if current else ""

    return mark_safe(_MARKER.sub(replace, html))  # noqa: S308 - our own HTML


def fragment_key(name: str, request, version: str) -> str:
    """One entry per part, content version, language, host (links may name it)
    and sign-in state (the account links)."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    host = hashlib.sha256(request.get_host().encode()).hexdigest()[:16]
    return f"chrome:{name}:{version}:{get_language()}:{host}:{int(signed_in)}"


def render(name: str, nodelist, context) -> SafeString:
    """The block's HTML for this request: from the cache when the content version
    allows, else rendered (and stored); markers filled in either way."""
    request = context.get("request")
    page = context.get("page")
    with context.push({INSIDE_CHROME: True}):
        if request is None or getattr(request, "is_preview", False):
            return fill_current(nodelist.render(context), request=request, page=page)
        version = request_listings_version(request)
        if version is None:  # the cache is away
            return fill_current(nodelist.render(context), request=request, page=page)
        key = fragment_key(name, request, version)
        html = cache.get(key)
        if html is None:
            html = nodelist.render(context)
            cache.set(key, str(html), TIMEOUT)
    return fill_current(html, request=request, page=page)
