"""Schemathesis over the whole HTTP API, with and without tokens, on a real server (issue 14).

Every operation of ``/api/openapi.json`` gets a bounded number of generated requests (valid and
invalid), once with no token and once with each of a facilitator's, a participant's and a review
link's token for a real workshop whose ids are substituted for generated ones half the time. Passes
when no answer is a 500 and the server's log holds no traceback.
"""

from __future__ import annotations

import asyncio
import zlib
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from live_support import ServerProcess, create_workshop, join

from server.protocol import openapi_document

MAX_EXAMPLES = 12
"""Generated requests per operation and token kind (bounded so the suite takes about a minute)."""


@pytest.fixture(scope="module")
def world(server: ServerProcess) -> dict[str, Any]:
    async def build() -> dict[str, Any]:
        workshop = await create_workshop(server.url)
        seat = await join(server.url, workshop["tables"][0]["join_code"], "Fuzz")
        return {"workshop_id": workshop["workshop_id"], "table_id": workshop["tables"][0]["table_id"],
                "tokens": {"none": None, "facilitator": workshop["facilitator_token"],
                           "participant": seat["participant_token"],
                           "review": workshop["review_url"].rsplit("/", 1)[1]}}
    return asyncio.run(build())


SCHEMA = schemathesis.openapi.from_dict(openapi_document())
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


def _check(case: Any, token_kind: str, server: ServerProcess, world: dict[str, Any]) -> None:
    token = world["tokens"][token_kind]
    headers = {"authorization": f"Bearer {token}"} if token else {}
    if case.path_parameters and zlib.crc32(repr(case.path_parameters).encode()) % 2 == 0:
        for key in ("workshop_id", "table_id"):
            if key in case.path_parameters:
                case.path_parameters[key] = world[key]
    response = case.call(base_url=server.url, headers=headers, timeout=120)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"


@pytest.mark.parametrize("token_kind", ["none", "facilitator", "participant", "review"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_generated_request_makes_a_server_error(label: str, token_kind: str, server: ServerProcess,
                                                   world: dict[str, Any]) -> None:
    operation = OPERATIONS[label]
    if operation.path.endswith(".pdf") and token_kind in ("facilitator", "review") and "report" in operation.path:
        examples = 3  # each report builds an assessment and a PDF: seconds, not milliseconds
    else:
        examples = MAX_EXAMPLES

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        _check(case, token_kind, server, world)

    run()
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
