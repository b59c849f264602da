"""“Select up to capacity”: the proposal of whom to approve, as a pure function
of the ranked candidates, the free seats and the seats left per agency.

The organizers' page (admin_views.selection) shows the proposal, its cut-off
line and any tie at the line with the rule that broke it; they adjust the ticks
and confirm (services.selection_confirm).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from registrations.models import ReviewPanel
from registrations.selectors.quotas import quota_remaining

TieBreak = ReviewPanel.TieBreak


def no_quotas(event) -> dict[int, int]:
    """Seats left per agency; none until quotas per agency exist.

    Point QUOTAS_SOURCE at registrations.selectors.quotas.quota_remaining once
    the quotas of issue 18 are merged.
    """
    return {}


# Seats left per agency with a quota in force (issue 18, seats per agency).
QUOTAS_SOURCE: Callable[[object], dict[int, int]] = quota_remaining


def quotas_for(event) -> dict[int, int]:
    return dict(QUOTAS_SOURCE(event))


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float | None
    applied_at: datetime.datetime
    agency_id: int | None = None
    # The quota in force the candidate counts against (QuotaBook.key_of: an
    # agency's id or a pool "kind:<kind>"); None: their agency's id if `quotas`
    # names it, else the general seats.
    quota: int | str | None = None


@dataclass
class Proposal:
    """Candidates in ranked order (as the tie rule settled them), the ones
    proposed, where the line falls and what tied at it."""

    order: list[int] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    # Above the line but left out because their quota is used up, or (no
    # quota) because the seats left outside the quotas are.
    over_quota: set[int] = field(default_factory=set)
    # Of those, the ones without a quota: the seats outside the quotas are used
    # up (the quotas in force reserve the rest).
    over_general: set[int] = field(default_factory=set)
    # Index in `order` of the first candidate below the line.
    cut: int = 0
    # Candidates with the same score on both sides of the line, and the rule.
    tied: set[int] = field(default_factory=set)
    tie_rule: str = ""


def _score_key(candidate: Candidate) -> float:
    return candidate.score if candidate.score is not None else float("-inf")


def _tie_groups(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    ordered = sorted(candidates, key=lambda c: (-_score_key(c), c.applied_at, c.id))
    groups: list[list[Candidate]] = []
    for candidate in ordered:
        if groups and _score_key(groups[-1][0]) == _score_key(candidate):
            groups[-1].append(candidate)
        else:
            groups.append([candidate])
    return groups


def _quota_key(candidate: Candidate, quotas: dict) -> int | str | None:
    if candidate.quota is not None:
        return candidate.quota if candidate.quota in quotas else None
    return candidate.agency_id if candidate.agency_id in quotas else None


def propose_selection(
    candidates: Sequence[Candidate],
    *,
    seats: int | None,
    quotas: dict[int | str, int] | None = None,
    general: int | None = None,
    tie_break: str = TieBreak.EARLIER,
) -> Proposal:
    """Take the best candidates while seats are free and their quota (quota key
    → seats left; an agency not named has no quota) allows; candidates without
    a quota take the `general` seats (those the quotas in force do not
    reserve; None: no limit but `seats`).

    Equal scores are ordered by the tie rule: earlier application first, or the
    agency with fewer candidates taken so far first (then earlier application).
    `seats` None means no limit.
    """
    quotas = dict(quotas or {})
    taken: Counter = Counter()  # by agency, for the agency balance
    in_quota: Counter = Counter()
    in_general = 0
    proposal = Proposal(tie_rule=tie_break)
    free = seats if seats is not None else len(candidates)
    placed: dict[int, float] = {}
    for group in _tie_groups(candidates):
        pending = list(group)
        while pending:
            if tie_break == TieBreak.AGENCY_BALANCE:
                pending.sort(key=lambda c: (taken[c.agency_id], c.applied_at, c.id))
            candidate = pending.pop(0)
            proposal.order.append(candidate.id)
            placed[candidate.id] = _score_key(candidate)
            if len(proposal.selected) >= free:
                continue
            key = _quota_key(candidate, quotas)
            if (
                in_quota[key] >= quotas[key]
                if key is not None
                else general is not None and in_general >= general
            ):
                proposal.over_quota.add(candidate.id)
                if key is None:
                    proposal.over_general.add(candidate.id)
                continue
            proposal.selected.append(candidate.id)
            if key is not None:
                in_quota[key] += 1
            else:
                in_general += 1
            if candidate.agency_id is not None:
                taken[candidate.agency_id] += 1
    if proposal.selected:
        last = proposal.order.index(proposal.selected[-1])
        proposal.cut = last + 1
        line_score = placed[proposal.selected[-1]]
        below = [
            pk
            for pk in proposal.order[proposal.cut :]
            if placed[pk] == line_score and pk not in proposal.over_quota
        ]
        if below:
            proposal.tied = {
                pk
                for pk in proposal.order
                if placed[pk] == line_score and pk not in proposal.over_quota
            }
    if not proposal.tied:
        proposal.tie_rule = ""
    return proposal
