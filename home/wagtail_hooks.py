"""Admin registration for the public site's taxonomy."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = Topic._meta.verbose_name_plural
    list_display = ["name_es", "name_en", "slug"]
    search_fields = ["name_es", "name_en", "slug"]
    search_backend_name = None


register_snippet(TopicViewSet)
