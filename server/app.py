"""The Starlette application: pages for the screens, the JSON API, the WebSocket, health.

``create_app(Settings(...))`` builds one worker; ``create_app_from_env()`` is the factory that
``uvicorn --factory`` (and ``assembler serve --workers N``) calls in every worker process, reading
the ``ASSEMBLER_*`` environment variables that ``assembler serve`` sets.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket

from cards.deck import DECK_DIR, Deck, load_deck
from cards.errors import DeckError
from game_rules.play import Actor
from server import assumptions_routes, exports, i18n_routes, printing
from server.api import UNKNOWN_TOKEN, Api, ApiError, error_response, ok, viewer_of
from server.auth import CLOSED_KINDS, hash_token
from server.hub import make_hub
from server.live import Live, LiveConfig
from server.protocol import HealthOut, HelloMsg, openapi_document
from server.store import DEFAULT_SQLITE, Store
from server.ws import WsEndpoint

log = logging.getLogger("assembler")
CLIENTS_DIR = Path(__file__).resolve().parent.parent / "clients"
_PAYLOAD_PATH = re.compile(r"^[A-Za-z0-9.\-/]{3,80}$")

PAGES = {
    "index.html": "Assembler",
    "phone.html": "Assembler — phone",
    "console.html": "Assembler — facilitator console",
    "projector.html": "Assembler — projector",
    "review.html": "Assembler — review",
}


@dataclass(frozen=True)
class Settings:
    """One worker's configuration (see ``assembler serve --help`` and docs/deploy.md)."""

    database_url: str = DEFAULT_SQLITE
    redis_url: str | None = None
    admin_token: str | None = None
    public_url: str | None = None
    """Base of the links the server hands out; default: the address the request came to."""
    allowed_origins: tuple[str, ...] = ()
    """Extra origins allowed on /ws besides the page's own host (e.g. a reverse proxy's name)."""
    clients_dir: Path = CLIENTS_DIR
    deck_dir: Path = DECK_DIR
    migrate: bool = True
    demo: bool = False
    join_burst: int = 120
    """Joins one address may make at once (then 2/s); raise it behind a NAT serving many rooms."""
    live: LiveConfig = field(default_factory=LiveConfig)

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        redis_url = env.get("ASSEMBLER_REDIS_URL") or env.get("REDIS_URL") or None
        database_url = env.get("ASSEMBLER_DATABASE_URL") or env.get("DATABASE_URL") or DEFAULT_SQLITE
        multi = bool(redis_url) or int(env.get("ASSEMBLER_WORKERS", "1")) > 1
        return cls(
            database_url=database_url, redis_url=redis_url,
            admin_token=env.get("ASSEMBLER_ADMIN_TOKEN") or None,
            public_url=env.get("ASSEMBLER_PUBLIC_URL") or None,
            allowed_origins=tuple(o for o in env.get("ASSEMBLER_ALLOWED_ORIGINS", "").split(",") if o),
            clients_dir=Path(env.get("ASSEMBLER_CLIENTS_DIR", str(CLIENTS_DIR))),
            deck_dir=Path(env.get("ASSEMBLER_DECK_DIR", str(DECK_DIR))),
            migrate=env.get("ASSEMBLER_MIGRATE", "1") != "0",
            demo=env.get("ASSEMBLER_DEMO", "0") == "1",
            join_burst=int(env.get("ASSEMBLER_JOIN_BURST", "120")),
            live=LiveConfig(multi_worker=multi, assessments=env.get("ASSEMBLER_ASSESS", "1") != "0"),
        )


def load_server_deck(directory: Path) -> Deck:
    """The deck to play with; an incomplete deck (being written) still loads, with a warning."""
    try:
        return load_deck(directory)
    except DeckError as exc:
        log.warning("deck incomplete (%s); loading without the minimum counts", exc)
        return load_deck(directory, check_counts=False)


def origin_checker(settings: Settings) -> Any:
    allowed = {o.rstrip("/").lower() for o in settings.allowed_origins}

    def origin_ok(origin: str | None, host: str | None) -> bool:
        """Browsers send Origin on WebSockets: it must be this server (or a configured origin).
        Non-browser clients (tests, bench, tools) send none and authenticate by token."""
        if not origin:
            return True
        origin = origin.rstrip("/").lower()
        if origin in allowed:
            return True
        return bool(host) and urlsplit(origin).netloc == (host or "").lower()

    return origin_ok


def placeholder(name: str) -> HTMLResponse:
    title = html.escape(PAGES.get(name, name))
    body = (f"<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{title}</title><h1>{title}</h1><p>This screen ({html.escape(name)}) is not installed yet; "
            f"the server and its API at <a href='/api/openapi.json'>/api/openapi.json</a> are running.</p></html>")
    return HTMLResponse(body)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    store = Store(settings.database_url)
    hub = make_hub(settings.redis_url)
    deck = load_server_deck(settings.deck_dir)
    live = Live(store, hub, deck, settings.live, settings.deck_dir)
    api = Api(live, deck, settings.admin_token, settings.public_url, settings.join_burst)

    async def authorise(hello: HelloMsg) -> Any:
        row = await live.db(store.token, hash_token(hello.token))
        if row is None:
            return ("unauthorized", UNKNOWN_TOKEN)
        if row.kind in CLOSED_KINDS:
            return ("kicked", "the facilitator removed this seat from the table; its link no longer opens it")
        table_id = row.table_id or hello.table_id
        if table_id is None:
            return ("bad_message", "expected table_id in hello for a workshop-wide link")
        if row.table_id is not None and hello.table_id not in (None, row.table_id):
            return ("forbidden", "this link opens another table")
        rt = await live.runtime(table_id)
        if rt is None or rt.row.workshop_id != row.workshop_id:
            return ("forbidden", f"no table {table_id!r} for this link")
        workshop = await live.db(store.workshop, row.workshop_id)
        viewer = viewer_of(row.kind)
        if viewer == "participant":
            async with rt.lock:
                table = await live.state(rt)
            seat = table.seats.get(row.seat_id or "")
            if seat is None or seat.kicked:
                return ("kicked", "the facilitator removed this seat from the table")
        return rt, viewer, Actor(role=viewer, seat_id=row.seat_id), workshop

    ws = WsEndpoint(live, authorise, origin_checker(settings))

    def page(name: str) -> Response:
        path = settings.clients_dir / name
        return FileResponse(path, media_type="text/html") if path.is_file() else placeholder(name)

    async def index(_: Request) -> Response:
        return page("index.html")

    async def play(_: Request) -> Response:
        return page("phone.html")

    async def console(_: Request) -> Response:
        return page("console.html")

    async def projector(_: Request) -> Response:
        return page("projector.html")

    async def review(_: Request) -> Response:
        return page("review.html")

    async def join_link(request: Request) -> Response:
        code = "".join(ch for ch in request.path_params["code"].upper() if ch.isalnum())[:12]
        return RedirectResponse(f"/play?join={code}", status_code=302)

    async def card_link(request: Request) -> Response:
        rest = request.path_params["rest"]
        if not _PAYLOAD_PATH.match(rest):
            return RedirectResponse("/play", status_code=302)
        return RedirectResponse(f"/play?card={quote(rest.upper(), safe='./-')}", status_code=302)

    async def health(_: Request) -> Response:
        return ok(HealthOut(ok=not hub.degraded, database=store.dialect, hub=hub.kind,  # type: ignore[arg-type]
                            hub_state="degraded" if hub.degraded else "ok", connections=len(ws.connections)))

    async def websocket(socket: WebSocket) -> None:
        await ws(socket)

    async def openapi(_: Request) -> Response:
        return JSONResponse(openapi_document())

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                response: Response = await handler(request)
                return response
            except ApiError as exc:
                return error_response(exc.status, exc.error, exc.message, exc.fields)
        return endpoint

    routes = [
        Route("/", index), Route("/play", play), Route("/j/{code}", join_link),
        Route("/C/{rest:path}", card_link), Route("/c/{rest:path}", card_link),
        Route("/f/{token}", console), Route("/p/{token}", projector), Route("/r/{token}", review),
        Route("/healthz", health), Route("/api/openapi.json", openapi),
        Route("/api/workshops", guarded(api.create_workshop), methods=["POST"]),
        Route("/api/workshops/{workshop_id}", guarded(api.get_workshop)),
        Route("/api/workshops/{workshop_id}/commands", guarded(api.workshop_command), methods=["POST"]),
        Route("/api/workshops/{workshop_id}/close", guarded(api.close_workshop), methods=["POST"]),
        Route("/api/workshops/{workshop_id}/tables", guarded(api.add_table), methods=["POST"]),
        Route("/api/workshops/{workshop_id}/tables/{table_id}/close", guarded(api.close_table), methods=["POST"]),
        Route("/api/join", guarded(api.join), methods=["POST"]),
        Route("/api/session", guarded(api.session)),
        Route("/api/deck", guarded(api.deck_json)),
        Route("/api/districts", guarded(api.districts)),
        Route("/api/tables/{table_id}/snapshot", guarded(api.snapshot)),
        Route("/api/tables/{table_id}/events", guarded(api.events)),
        Route("/api/tables/{table_id}/assessment", guarded(api.assessment)),
        Route("/api/tables/{table_id}/commands", guarded(api.command), methods=["POST"]),
        Route("/api/tables/{table_id}/photo", guarded(api.photo), methods=["POST"]),
        Route("/api/tables/{table_id}/readmit", guarded(api.readmit), methods=["POST"]),
        Route("/api/tables/{table_id}/export.json", guarded(api.export)),
        *printing.routes(guarded),
        *exports.routes(),
        *assumptions_routes.routes(),
        *i18n_routes.routes(),
        WebSocketRoute("/ws", websocket),
        Mount("/static", app=StaticFiles(directory=str(settings.clients_dir), check_dir=False), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.migrate:
            store.migrate()
        await hub.start()
        if settings.demo:
            from server.demo import seed_demo

            await seed_demo(api, live, log_links=True)
        try:
            yield
        finally:
            await ws.shutdown()
            await hub.stop()
            await live.close()
            store.dispose()

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 500:
            log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        codes = {404: "not_found", 405: "method_not_allowed", 500: "server_error"}
        message = "the server failed on this request" if status == 500 else str(getattr(exc, "detail", ""))
        return error_response(status, codes.get(status, "error"), message)

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error, Exception: http_error})
    app.state.live, app.state.api, app.state.settings, app.state.ws = live, api, settings, ws
    return app


def create_app_from_env() -> Starlette:
    """Factory for ``uvicorn --factory server.app:create_app_from_env`` (one call per worker)."""
    return create_app(Settings.from_env())
