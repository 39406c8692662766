"""Property-based API testing: Schemathesis generates requests for every operation of
/openapi.json and sends them to a real server on loopback, a bounded number per operation.
The one property checked: no server error, whatever the input. (Driven through Hypothesis
directly: schemathesis's pytest plugin does not run under this pytest.)"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from webstore import LiveServer, built_store

EXAMPLES_PER_OPERATION = 15


@pytest.fixture(scope="module")
def live():
    with LiveServer(built_store()[0]) as server:
        yield server


def test_no_generated_request_gives_a_server_error(live):
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 8
    sent: list[int] = []
    for op in operations:
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(op.as_strategy())
        def check(case):
            response = case.call_and_validate(checks=[not_a_server_error], timeout=30)
            sent.append(response.status_code)

        check()
    assert len(sent) >= 5 * len(operations)  # it did send requests to every operation
