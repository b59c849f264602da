"""`{% listingcache "name" %}…{% endlistingcache %}`: a public listing rendered once
per listings version (see portal/cache.py), never in a Wagtail preview.

What the listing read besides content (a training's seats: core.cache.depend_on)
is stored with the fragment: a later change of it makes the fragment stale, and
the page around it (the anonymous page cache) follows it as well."""

from django import template
from django.core.cache import cache

from core.cache import TIMEOUT, collecting_dependencies, depend_on, seconds_until
from portal.cache import listing_fragment_key

register = template.Library()


class ListingCacheNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        page = context.get("page")
        key = listing_fragment_key(self.name, request, getattr(page, "pk", None))
        entry = cache.get(key)
        if isinstance(entry, dict) and _fresh(entry["depends_on"]):
            depend_on(entry["depends_on"], moments=entry["moments"])
            return entry["html"]
        with collecting_dependencies() as found:
            html = self.nodelist.render(context)
        depend_on(found.keys, moments=found.moments)
        if None not in found.keys.values():  # the cache was away
            cache.set(
                key,
                {"html": html, "depends_on": found.keys, "moments": found.moments},
                seconds_until(found.moments, limit=TIMEOUT),
            )
        return html


def _fresh(depends_on: dict) -> bool:
    return not depends_on or cache.get_many(list(depends_on)) == depends_on


@register.tag("listingcache")
def do_listingcache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            'Usage: {% listingcache "name" %}…{% endlistingcache %}'
        )
    nodelist = parser.parse(("endlistingcache",))
    parser.delete_first_token()
    return ListingCacheNode(nodelist, bits[1][1:-1])
