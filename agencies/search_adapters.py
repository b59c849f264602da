"""How agencies are searched (once per language) and how the agency facet names
its values."""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, name_with_acronym
from search.registry import IndexEntry, SearchAdapter, registry


class AgencyAdapter(SearchAdapter):
    """An active agency, once per language (its names and descriptions differ)."""

    kind = "agency"
    label = _("Agencies")
    model = Agency

    def objects(self):
        return self.model.objects.filter(is_active=True)

    def count(self) -> int:
        return self.objects().count()

    def is_public(self, agency) -> bool:
        return agency.is_active

    def entries(self, agency) -> list[IndexEntry]:
        entries = []
        for language in ("es", "en"):
            with translation.override(language):
                try:
                    url = reverse("agencies:detail", kwargs={"slug": agency.slug})
                except NoReverseMatch:
                    url = ""
            name = getattr(agency, f"name_{language}") or agency.name_es
            entries.append(
                IndexEntry(
                    key=f"{self.source(agency)}:{language}",
                    source=self.source(agency),
                    kind=self.kind,
                    title=name_with_acronym(name, agency.acronym),
                    url=url,
                    body="\n".join(
                        [
                            getattr(agency, f"description_{language}", ""),
                            agency.get_kind_display(),
                            agency.country,
                        ]
                    ),
                    date=agency.created_at.date() if agency.created_at else None,
                    language=language,
                    agencies=(agency.slug,),
                )
            )
        return entries


def agency_names(slugs: set[str]) -> dict[str, str]:
    return {item.slug: item.name for item in Agency.objects.filter(slug__in=slugs)}


def register() -> None:
    """Called from AgenciesConfig.ready()."""
    registry.register(AgencyAdapter())
    registry.register_facet_labels("agency", agency_names)
