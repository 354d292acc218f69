"""Download routes for outcome reports and analysts' exports.

``routes()`` returns the Starlette routes the app mounts:

* ``GET /api/tables/{table_id}/report.pdf`` and ``GET /api/workshops/{workshop_id}/report.pdf``
* ``GET /api/tables/{table_id}/report.json`` (schema ``docs/schemas/report-table.schema.json``)
* ``GET /api/tables/{table_id}/export/{flows|risks|kpis}.csv``
* ``GET /api/tables/{table_id}/export/hourly.csv``: the 8,760-hour energy run of the table's board
  for analysts (``printables.report.hourly``: a ``# time base`` line, then units in the column names)
* ``GET /api/workshops/{workshop_id}/export.json`` (schema ``docs/schemas/report-workshop.schema.json``)

(``/api/tables/{id}/export.json`` is the server's raw log export, see ``server.api``.)
``GET|POST /api/workshops/{workshop_id}/criteria`` (the facilitator's comparison weights,
:meth:`server.api.Api.criteria`) is mounted here too, beside the reports that use it.

Query parameters: ``lang`` (a shipped language, default the workshop's), ``nicknames=1`` (off by default),
``weights=self_sufficiency:0.4,co2:0.6`` for the workshop comparison (default: the criteria and
weights the facilitator stored with ``POST /api/workshops/{id}/criteria``, else the engine's
``DEFAULT_WEIGHTS``). Authentication is the
server's own (``Authorization: Bearer``): the workshop's facilitator link or its review link;
a participant or projector link gets 403. Reports are built in a worker thread (assessment and
PDF are CPU work) so the event loop keeps serving plays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogs import languages
from server.projection import ViewerStore
from server.protocol import check_weights
from server.reporting import (
    ReportError,
    ReportOptions,
    load_table_report,
    load_workshop_report,
    table_hourly_csv,
)

READERS = ("facilitator", "review")
"""Token kinds that may download a report (a city's review link, the facilitator's link)."""


def parse_weights(text: str | None) -> dict[str, float] | None:
    """``key:weight,key:weight`` -> validated dict (known KPI keys, weights >= 0, not all 0,
    zero weights dropped); ``ValueError`` naming the bad part."""
    if not text:
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        key, sep, value = part.partition(":")
        try:
            if not sep or not key.strip():
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"expected weights as key:number pairs like 'co2_reduction:0.5,capex:0.5', got {part!r}") from None
    return check_weights(out)


def _options(request: Request) -> ReportOptions:
    q = request.query_params
    lang = q.get("lang")
    if lang is not None and lang not in languages():
        raise ValueError(f"expected lang in {languages()}, got {lang[:12]!r}")
    return ReportOptions(lang=lang, nicknames=q.get("nicknames", "0") in ("1", "true", "yes"),
                         weights=parse_weights(q.get("weights")))


async def _reader(request: Request, workshop_id: str | None, table_id: str | None) -> Any:
    """The validated token (facilitator or review link of the right workshop) or an ApiError."""
    from server.api import ApiError

    api = request.app.state.api
    who = await api.who(request)
    if who.row.kind not in READERS:
        raise ApiError(403, "forbidden", "reports are for the facilitator's link or the city's review link")
    if who.row.kind != "facilitator" and request.query_params.get("nicknames", "0") not in ("0", "false", "no"):
        raise ApiError(403, "forbidden", "nicknames=1 is for the facilitator's link only; a review link shows neutral labels")
    if table_id is not None:
        row = await api.live.db(api.store.table, table_id)
        if row is None or row.workshop_id != who.row.workshop_id:
            raise ApiError(404, "not_found", f"no table {table_id!r} for this link")
    if workshop_id is not None and workshop_id != who.row.workshop_id:
        raise ApiError(404, "not_found", f"no workshop {workshop_id!r} for this link")
    return _ViewerApi(api, who.viewer)


class _ViewerApi:
    """The API's objects with the store seen through the reader's projection
    (:class:`server.projection.ViewerStore`): hidden scenario cards and nicknames stay hidden
    in every report, CSV and JSON export."""

    def __init__(self, api: Any, viewer: str) -> None:
        self._api, self.store = api, ViewerStore(api.store, viewer)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


async def _with_stored_weights(api: Any, workshop_id: str, options: ReportOptions) -> ReportOptions:
    """``options`` with the facilitator's stored weights unless the request named its own."""
    if options.weights is not None:
        return options
    stored = await api.live.db(api.store.comparison_weights, workshop_id)
    return options if stored is None else dataclasses.replace(options, weights=stored)


def _guard(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        from server.api import ApiError, error_response

        try:
            return await handler(request)
        except ApiError as exc:
            return error_response(exc.status, exc.error, exc.message)
        except ReportError as exc:
            return error_response(404, "not_found", str(exc))
        except KeyError as exc:  # a weighted criterion the assessment does not have (game_rules.compare)
            return error_response(422, "bad_request", f"cannot compare on {exc.args[0] if exc.args else exc}")
        except ValueError as exc:
            return error_response(400, "bad_request", str(exc))
    return endpoint


def _filename(kind: str, ident: str, ext: str) -> dict[str, str]:
    safe = "".join(ch for ch in ident if ch.isalnum() or ch in "-_")
    return {"content-disposition": f'attachment; filename="{kind}-{safe}.{ext}"'}


def _table_pdf(api: Any, table_id: str, options: ReportOptions) -> bytes:
    from printables.report import render_table_report

    return render_table_report(load_table_report(api.store, table_id, api.deck, options))


def _workshop_pdf(api: Any, workshop_id: str, options: ReportOptions) -> bytes:
    from printables.report import render_workshop_report

    return render_workshop_report(load_workshop_report(api.store, workshop_id, api.deck, options))


async def table_pdf(request: Request) -> Response:
    table_id = request.path_params["table_id"]
    options = _options(request)
    api = await _reader(request, None, table_id)
    pdf = await api.live.cpu(_table_pdf, api, table_id, options)
    return Response(pdf, media_type="application/pdf", headers=_filename("table-report", table_id, "pdf"))


async def workshop_pdf(request: Request) -> Response:
    workshop_id = request.path_params["workshop_id"]
    options = _options(request)
    api = await _reader(request, workshop_id, None)
    options = await _with_stored_weights(api, workshop_id, options)
    pdf = await api.live.cpu(_workshop_pdf, api, workshop_id, options)
    return Response(pdf, media_type="application/pdf", headers=_filename("workshop-report", workshop_id, "pdf"))


async def table_json(request: Request) -> Response:
    from printables.report.exports import report_json

    table_id = request.path_params["table_id"]
    options = _options(request)
    api = await _reader(request, None, table_id)
    report = await api.live.cpu(load_table_report, api.store, table_id, api.deck, options)
    return Response(report_json(report), media_type="application/json")


async def table_csv(request: Request) -> Response:
    from printables.report.exports import CSV_KINDS
    from printables.report.exports import table_csv as make_csv

    table_id, kind = request.path_params["table_id"], request.path_params["kind"]
    if kind not in CSV_KINDS:
        raise ValueError(f"expected one of {', '.join(k + '.csv' for k in CSV_KINDS)}, got {kind + '.csv'!r}")
    options = _options(request)
    api = await _reader(request, None, table_id)
    report = await api.live.cpu(load_table_report, api.store, table_id, api.deck, options)
    text = make_csv(report, kind, report.meta.lang)
    return Response(text, media_type="text/csv; charset=utf-8", headers=_filename(kind, table_id, "csv"))


async def hourly_csv(request: Request) -> Response:
    """The table's hourly energy run as CSV (8,760 rows, time base stated in the first line)."""
    table_id = request.path_params["table_id"]
    api = await _reader(request, None, table_id)
    text = await api.live.cpu(table_hourly_csv, api.store, table_id, api.deck)
    return Response(text, media_type="text/csv; charset=utf-8", headers=_filename("hourly", table_id, "csv"))


async def workshop_json(request: Request) -> Response:
    from printables.report.exports import report_json

    workshop_id = request.path_params["workshop_id"]
    options = _options(request)
    api = await _reader(request, workshop_id, None)
    options = await _with_stored_weights(api, workshop_id, options)
    report = await api.live.cpu(load_workshop_report, api.store, workshop_id, api.deck, options)
    return Response(report_json(report), media_type="application/json")


async def criteria(request: Request) -> Response:
    """The facilitator's comparison criteria (see :meth:`server.api.Api.criteria`)."""
    response: Response = await request.app.state.api.criteria(request)
    return response


def routes() -> list[Route]:
    """The report and export routes, and the comparison criteria they use, for the server's app."""
    return [
        Route("/api/workshops/{workshop_id}/criteria", _guard(criteria), methods=["GET", "POST"]),
        Route("/api/tables/{table_id}/report.pdf", _guard(table_pdf)),
        Route("/api/tables/{table_id}/report.json", _guard(table_json)),
        Route("/api/tables/{table_id}/export/hourly.csv", _guard(hourly_csv)),  # before {kind}.csv matches it
        Route("/api/tables/{table_id}/export/{kind}.csv", _guard(table_csv)),
        Route("/api/workshops/{workshop_id}/report.pdf", _guard(workshop_pdf)),
        Route("/api/workshops/{workshop_id}/export.json", _guard(workshop_json)),
    ]
