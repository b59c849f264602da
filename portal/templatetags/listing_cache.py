"""`{% listingcache "name" %}…{% endlistingcache %}`: a public listing rendered once
per listings version (see portal/cache.py), never in a Wagtail preview."""

from django import template
from django.core.cache import cache

from core.cache import TIMEOUT
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
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, TIMEOUT)
        return fragment


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
