"""“Select up to capacity” as a pure function, and the ranking arithmetic: no
database, explicit quotas (agency id → seats left)."""

import datetime

from registrations.models import ReviewPanel
from registrations.selectors.review import combine, spread, standard_deviation
from registrations.selectors.selection import Candidate, propose_selection

T0 = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
A, B, C = 1, 2, 3


def candidate(pk, score, minute, agency=None):
    return Candidate(
        id=pk,
        score=score,
        applied_at=T0 + datetime.timedelta(minutes=minute),
        agency_id=agency,
    )


def test_mean_median_and_spread_of_reviewers_totals():
    totals = [10.0, 12.0, 29.0]
    assert combine(totals, ReviewPanel.Aggregate.MEAN) == 17.0
    assert combine(totals, ReviewPanel.Aggregate.MEDIAN) == 12.0
    assert spread(totals) == 19.0
    assert round(standard_deviation(totals), 2) == 8.52
    assert combine([], "mean") is None
    assert spread([7.0]) is None


def test_takes_the_best_up_to_the_seats_and_draws_the_line():
    candidates = [
        candidate(1, 10, 0),
        candidate(2, 30, 1),
        candidate(3, 20, 2),
        candidate(4, None, 3),
    ]
    proposal = propose_selection(candidates, seats=2)
    assert proposal.order == [2, 3, 1, 4]
    assert proposal.selected == [2, 3]
    assert proposal.cut == 2
    assert proposal.tied == set()
    assert proposal.tie_rule == ""


def test_no_limit_selects_everyone():
    proposal = propose_selection([candidate(1, 5, 0), candidate(2, 3, 1)], seats=None)
    assert proposal.selected == [1, 2]


def test_tie_at_the_line_is_flagged_and_broken_by_earlier_application():
    candidates = [
        candidate(1, 30, 0),
        candidate(2, 20, 5, A),
        candidate(3, 20, 1, A),
        candidate(4, 20, 3, B),
        candidate(5, 10, 2),
    ]
    proposal = propose_selection(
        candidates, seats=2, tie_break=ReviewPanel.TieBreak.EARLIER
    )
    assert proposal.selected == [1, 3]
    assert proposal.tied == {2, 3, 4}
    assert proposal.tie_rule == ReviewPanel.TieBreak.EARLIER
    assert proposal.order[proposal.cut :] == [4, 2, 5]


def test_tie_broken_by_agency_balance():
    candidates = [
        candidate(1, 30, 0, A),
        candidate(2, 20, 1, A),
        candidate(3, 20, 2, A),
        candidate(4, 20, 3, B),
    ]
    proposal = propose_selection(
        candidates, seats=2, tie_break=ReviewPanel.TieBreak.AGENCY_BALANCE
    )
    # Agency A already holds a seat: B's later applicant wins the tie.
    assert proposal.selected == [1, 4]
    assert proposal.tied == {2, 3, 4}
    assert proposal.tie_rule == ReviewPanel.TieBreak.AGENCY_BALANCE
    earlier = propose_selection(candidates, seats=2)
    assert earlier.selected == [1, 2]


def test_quotas_skip_an_agency_whose_seats_are_used_up():
    candidates = [
        candidate(1, 50, 0, A),
        candidate(2, 40, 1, A),
        candidate(3, 30, 2, A),
        candidate(4, 20, 3, B),
        candidate(5, 10, 4, C),
        candidate(6, 5, 5, B),
    ]
    proposal = propose_selection(candidates, seats=4, quotas={A: 2, B: 1})
    assert proposal.selected == [1, 2, 4, 5]
    assert proposal.over_quota == {3}
    assert proposal.cut == 5
    # A quota of zero keeps the agency out entirely.
    none_for_a = propose_selection(candidates, seats=2, quotas={A: 0})
    assert none_for_a.selected == [4, 5]
    assert none_for_a.over_quota == {1, 2, 3}


def test_quota_skips_do_not_count_as_a_tie():
    candidates = [
        candidate(1, 20, 0, A),
        candidate(2, 20, 1, A),
        candidate(3, 10, 2, B),
    ]
    proposal = propose_selection(candidates, seats=2, quotas={A: 1})
    assert proposal.selected == [1, 3]
    assert proposal.over_quota == {2}
    assert proposal.tied == set()


def test_seats_a_quota_reserves_are_not_proposed_to_others():
    """8 seats, 2 reserved for B's quota: A (no quota) gets at most the 6
    general seats even when it ranks above everyone of B."""
    candidates = [candidate(n, 50 - n, n, A) for n in range(1, 8)] + [
        candidate(8, 10, 8, B)
    ]
    proposal = propose_selection(candidates, seats=8, quotas={B: 2}, general=6)
    assert proposal.selected == [1, 2, 3, 4, 5, 6, 8]
    assert proposal.over_quota == proposal.over_general == {7}
