"""Seats per agency: which quota an applicant counts against and how many seats
each quota, and the general pool, have left. Open seat offers hold their seat
and their quota like confirmed ones."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from registrations.models import AgencyQuota, Offer, Registration

# The key of a quota: an agency's id, or "kind:<kind>" for a pool of agencies.
QuotaKey = int | str


@dataclass
class QuotaUsage:
    quota: AgencyQuota
    taken: int
    released: bool

    @property
    def label(self) -> str:
        return self.quota.label

    @property
    def seats(self) -> int:
        return self.quota.seats

    @property
    def free(self) -> int:
        return max(self.quota.seats - self.taken, 0)


@dataclass
class QuotaBook:
    """The training's quotas as they stand, for checks and for display.

    `remaining` holds the seats left in each quota in force (not released);
    `general_free` the seats left outside them (None without a capacity).
    """

    usages: list[QuotaUsage] = field(default_factory=list)
    remaining: dict[QuotaKey, int] = field(default_factory=dict)
    general_free: int | None = None
    kinds: dict[int, str] = field(default_factory=dict)

    def key_of(self, agency_id: int | None, kind: str | None = None) -> QuotaKey | None:
        """The quota in force an applicant of this agency counts against, if any."""
        if agency_id is None:
            return None
        if agency_id in self.remaining:
            return agency_id
        kind = kind or self.kinds.get(agency_id)
        pool = f"kind:{kind}"
        return pool if kind and pool in self.remaining else None

    def shortfall(self, agencies: list) -> tuple[str, int, int] | None:
        """(quota label or "", free, wanted) of the first quota these applicants
        (their Agency, or None) would overfill, or None when they all fit."""
        wanted = Counter(
            self.key_of(agency.pk, agency.kind) if agency else None
            for agency in agencies
        )
        for usage in self.usages:
            key = usage.quota.key
            if key in self.remaining and wanted[key] > self.remaining[key]:
                return usage.label, self.remaining[key], wanted[key]
        if self.general_free is not None and wanted[None] > self.general_free:
            return "", self.general_free, wanted[None]
        return None


def _holders(event_id: int):
    """Registrations holding a seat: confirmed, attended, or with an open offer."""
    return Registration.objects.filter(event_id=event_id).filter(
        Q(status__in=Registration.SEATED) | Q(offers__status=Offer.Status.OPEN)
    )


def quota_book(*, event, now=None) -> QuotaBook:
    """Quotas of the training (its source page) and their use, in three queries.

    Should be called while holding the training's lock when it decides a seat.
    """
    now = now or timezone.now()
    quotas = list(
        AgencyQuota.objects.filter(page_id=event.pk)
        .select_related("agency")
        .order_by("sort_order", "pk")
    )
    book = QuotaBook()
    if not quotas:
        if event.capacity is not None:
            held = _holders(event.pk).distinct().count()
            book.general_free = max(event.capacity - held, 0)
        return book
    holders = [
        (agency_id, kind)
        for _pk, agency_id, kind in _holders(event.pk)
        .values_list("pk", "agency_id", "agency__kind")
        .distinct()
    ]
    active = [quota for quota in quotas if not quota.is_released(now)]
    book.remaining = {quota.key: 0 for quota in active}
    book.kinds = {agency_id: kind for agency_id, kind in holders if agency_id}
    taken = Counter(book.key_of(agency_id, kind) for agency_id, kind in holders)
    for quota in quotas:
        released = quota.is_released(now)
        book.usages.append(
            QuotaUsage(quota=quota, taken=taken.get(quota.key, 0), released=released)
        )
        if not released:
            book.remaining[quota.key] = max(quota.seats - taken.get(quota.key, 0), 0)
    if event.capacity is not None:
        reserved = sum(book.remaining.values())
        book.general_free = max(event.capacity - len(holders) - reserved, 0)
    return book


def quota_remaining(training) -> dict[int, int]:
    """Agency id → seats left in its quota, for the agencies with a quota in
    force. Pools of a kind of agency are in `quota_book(...).remaining`."""
    book = quota_book(event=training)
    return {key: left for key, left in book.remaining.items() if isinstance(key, int)}
