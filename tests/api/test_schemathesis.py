"""schemathesis against the served OpenAPI document of a live server: for every
operation, generated requests, anonymous and with an agency's read-write token,
get no server error and no answer that contradicts the document.

PostgreSQL only (the `.ci/run` PostgreSQL pass): a live server's threads on the
embedded SQLite share one in-memory connection. Examples are bounded so the run
stays under a minute.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.world import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass (live server threads need a server DB)",
    ),
]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8


def run_operation(operation, *, base_url: str, headers: dict) -> list[int]:
    statuses = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(
            base_url=base_url, headers=headers, checks=CHECKS, timeout=10
        )
        statuses.append(response.status_code)

    check()
    return statuses


def test_served_schema_holds_for_anonymous_and_token_calls(live_server):
    world = build_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    base_url = live_server.url
    token = {"Authorization": f"Bearer {world.secrets['a_write']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13
    statuses = []
    for operation in operations:
        for headers in ({}, token):
            statuses += run_operation(operation, base_url=base_url, headers=headers)
    # Real answers came back, successes and refusals alike.
    assert 200 in statuses and 201 in statuses
    assert {401, 422} & set(statuses)
    print(f"{len(statuses)} calls: {sorted(set(statuses))}")
