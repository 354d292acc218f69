"""The OpenAPI document cannot drift from the router: every HTTP route the app mounts under
/api (and /healthz) is declared in ``server.protocol.ROUTES`` with its path parameters, and every
declared route is mounted (issue 14, point 10)."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.routing import Route

from server import protocol
from server.app import Settings, create_app


def _mounted(tmp_path: Path) -> set[tuple[str, str]]:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.sqlite'}", migrate=False))
    out = set()
    for route in app.routes:
        if isinstance(route, Route) and (route.path.startswith("/api/") or route.path == "/healthz"):
            out.update((m, route.path) for m in (route.methods or set()) - {"HEAD"})
    return out


def test_every_mounted_route_is_declared_and_every_declared_route_is_mounted(tmp_path: Path) -> None:
    declared = {(r.method, r.path) for r in protocol.ROUTES} | {("GET", "/api/openapi.json")}
    assert _mounted(tmp_path) == declared


def test_path_and_query_parameters_are_declared_with_bounds() -> None:
    doc = protocol.openapi_document()
    for route in protocol.ROUTES:
        op = doc["paths"][route.path][route.method.lower()]
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert names == set(re.findall(r"\{(\w+)\}", route.path)), route.path
    csv = doc["paths"]["/api/tables/{table_id}/export/{kind}.csv"]["get"]
    assert {p["name"] for p in csv["parameters"]} == {"table_id", "kind", "lang", "nicknames"}
    events = doc["paths"]["/api/tables/{table_id}/events"]["get"]["parameters"]
    assert next(p for p in events if p["name"] == "after")["schema"]["maximum"] == 2**31 - 1
    photo = doc["paths"]["/api/tables/{table_id}/photo"]["post"]["requestBody"]["content"]
    assert "image/jpeg" in photo and "image/heic" in photo
    export = doc["paths"]["/api/tables/{table_id}/export.json"]["get"]["responses"]["200"]["content"]["application/json"]
    assert export["schema"]["$ref"].endswith("TableExportOut")
    join = doc["components"]["schemas"]["JoinIn"]["properties"]["nickname"]
    assert join["maxLength"] == 32
