"""The series of a training: its tree of editions and reach by generation.

Generation 1 are the people seated in the root edition(s); generation n + 1 are
those seated in editions facilitated by someone of generation n (and in no
earlier generation). "Trained" counts those who attended; "enrolled" adds the
confirmed who have not attended yet (a future edition).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from core import cache
from events.models import EventPage
from registrations.models import Facilitator, Registration

MIN_GENERATIONS = 3


@dataclass
class EditionNode:
    page: EventPage
    source_pk: int
    facilitators: list[str] = field(default_factory=list)
    trained: int = 0
    enrolled: int = 0
    generation: int | None = None
    children: list[EditionNode] = field(default_factory=list)
    current: bool = False


@dataclass
class Generation:
    number: int
    trained: int
    enrolled: int


@dataclass
class SeriesTree:
    roots: list[EditionNode]
    generations: list[Generation]
    editions: int


def accepted_facilitators(*, event) -> list[Facilitator]:
    """The facilitators of the training who accepted, by name (one query)."""
    cache.depend_on(cache.registrations_versions([event.translation_key]))
    return list(
        Facilitator.objects.filter(
            event__translation_key=event.translation_key,
            event__locale__language_code=settings.LANGUAGE_CODE,
            state=Facilitator.State.ACCEPTED,
        ).order_by("name", "pk")
    )


def series_tree(*, event) -> SeriesTree | None:
    """The tree of the training's series in the page's language, in four
    queries whatever the number of editions; None for a lone edition."""
    sources = list(
        EventPage.objects.filter(
            series_key=event.series_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .live()
        .only("pk", "translation_key", "parent_edition_id", "start")
        .order_by("start", "pk")
    )
    if len(sources) < 2:
        return None
    # Read before the registrations: a cached fragment showing the tree goes
    # stale when any edition's registrations or facilitators change.
    cache.depend_on(cache.registrations_versions([s.translation_key for s in sources]))
    shown = {
        page.translation_key: page
        for page in EventPage.objects.filter(
            translation_key__in=[s.translation_key for s in sources],
            locale_id=event.locale_id,
        )
        .live()
        .select_related("locale")
    }
    ids = [source.pk for source in sources]
    seated: dict[int, dict[int, str]] = defaultdict(dict)
    for event_id, user_id, status in Registration.objects.filter(
        event_id__in=ids, status__in=Registration.SEATED
    ).values_list("event_id", "user_id", "status"):
        seated[event_id][user_id] = status
    facilitators: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for event_id, user_id, name in (
        Facilitator.objects.filter(event_id__in=ids, state=Facilitator.State.ACCEPTED)
        .order_by("name", "pk")
        .values_list("event_id", "user_id", "name")
    ):
        facilitators[event_id].append((user_id, name))

    nodes = {}
    for source in sources:
        page = shown.get(source.translation_key, source)
        people = seated[source.pk]
        nodes[source.pk] = EditionNode(
            page=page,
            source_pk=source.pk,
            facilitators=[name for _user, name in facilitators[source.pk]],
            trained=sum(
                1 for s in people.values() if s == Registration.Status.ATTENDED
            ),
            enrolled=len(people),
            current=page.translation_key == event.translation_key,
        )
    roots = []
    for source in sources:
        node = nodes[source.pk]
        parent = nodes.get(source.parent_edition_id)
        (parent.children if parent else roots).append(node)

    # Reach by generation.
    seen: set[int] = set()
    generation_people: list[set[int]] = []
    current = {node.source_pk for node in roots}
    number = 1
    while current:
        for pk in current:
            nodes[pk].generation = number
        people = set().union(*(seated[pk].keys() for pk in current)) - seen
        seen |= people
        generation_people.append(people)
        current = {
            pk
            for pk, node in nodes.items()
            if node.generation is None
            and any(user in people for user, _name in facilitators[pk])
        }
        number += 1
    statuses: dict[int, bool] = {}
    for pk in ids:
        for user, status in seated[pk].items():
            statuses[user] = statuses.get(user, False) or (
                status == Registration.Status.ATTENDED
            )
    while len(generation_people) < MIN_GENERATIONS:
        generation_people.append(set())
    generations = [
        Generation(
            number=n,
            trained=sum(1 for user in people if statuses.get(user)),
            enrolled=len(people),
        )
        for n, people in enumerate(generation_people, start=1)
    ]
    return SeriesTree(roots=roots, generations=generations, editions=len(sources))


def facilitator_candidates(*, event) -> list[Registration]:
    """People who attended an earlier edition of the training's series (one
    registration each, the earliest), for organizers to name facilitators."""
    found: dict[int, Registration] = {}
    for registration in (
        Registration.objects.filter(
            status=Registration.Status.ATTENDED,
            event__series_key=event.series_key,
            event__start__lt=event.start,
        )
        .exclude(event_id=event.pk)
        .select_related("event")
        .order_by("event__start", "full_name", "pk")
    ):
        found.setdefault(registration.user_id, registration)
    return sorted(found.values(), key=lambda r: (r.full_name, r.pk))
