"""docs/protocol.md is generated from the code; this fails while it is stale."""

from __future__ import annotations

from server import protocol
from server.protocol_doc import DOC_PATH, render


def test_protocol_doc_matches_the_code() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python -m server.protocol_doc"


def test_openapi_lists_every_route_with_its_schemas() -> None:
    doc = protocol.openapi_document()
    for route in protocol.ROUTES:
        operation = doc["paths"][route.path][route.method.lower()]
        if route.response is None:
            assert route.media in operation["responses"]["200"]["content"]
            continue
        assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(route.response.__name__)
        assert route.response.__name__ in doc["components"]["schemas"]
    assert "CmdMsg" not in doc["components"]["schemas"]  # WebSocket messages live in protocol.md
