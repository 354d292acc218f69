"""The JSON HTTP API (routes and shapes listed in :data:`server.protocol.ROUTES`).

Every handler answers JSON; every failure is an :class:`~server.protocol.ErrorOut` with a stable
``error`` code. Tokens come as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cards.codes import compact_payload
from cards.deck import Deck
from cards.mat_layout import SLOT_CAPACITY
from catalogs import languages
from game_rules.district_check import MAX_DISTRICT_BYTES
from game_rules.play import OPEN_SLOTS, Actor, CardSource, JoinCmd, PlayCardCmd, home_slots
from game_rules.play.messages import MAX_SEQ
from server.auth import (
    CLOSED_KINDS,
    RATE_MESSAGE,
    READMITTED,
    REVOKED,
    JoinGuard,
    KeyedLimiter,
    constant_time_equal,
    derived_token,
    hash_token,
    new_id,
    new_join_code,
    new_token,
    normalise_join_code,
)
from server.live import Live, TableRuntime
from server.projection import project_events
from server.protocol import (
    MAX_PHOTO_BYTES,
    MAX_TABLES,
    AssessmentMsg,
    CardInfo,
    CommandIn,
    CommandOut,
    CreateWorkshopIn,
    CreateWorkshopOut,
    CriteriaIn,
    CriteriaOut,
    CriterionInfo,
    DeckOut,
    DistrictErrorOut,
    DistrictInfo,
    DistrictProblemOut,
    DistrictsOut,
    ErrorOut,
    JoinIn,
    JoinOut,
    LocalText,
    LogOut,
    PhotoCard,
    PhotoOut,
    PhotoRejected,
    ReadmitIn,
    ReadmitOut,
    SessionOut,
    SnapshotMsg,
    TableCloseIn,
    TableExportOut,
    TableInfo,
    WorkshopCommandOut,
    WorkshopInfo,
)
from server.store import TableRow, TokenRow, WorkshopRow

log = logging.getLogger("assembler.api")
MAX_JSON_BYTES = 64 * 1024
DRAIN_BYTES = 64 * 1024 * 1024
"""[bytes] an oversized upload is read and discarded up to this much before the 413 is sent."""
UNKNOWN_TOKEN = "unknown or revoked token: the link is mistyped, from another server, or its seat was removed"


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, fields: list[DistrictProblemOut] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.fields = fields


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    """The integer query parameter ``name`` within ``[low, high]``; 422 naming it otherwise."""
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        value = int(text) if len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ApiError(422, "bad_request", f"{name}: expected an integer from {low} to {high}, got {text[:24]!r}")
    return value


def error_response(status: int, error: str, message: str, fields: list[DistrictProblemOut] | None = None) -> JSONResponse:
    if fields is not None:
        return JSONResponse(DistrictErrorOut(error=error, message=message, fields=fields).model_dump(), status_code=status)
    return JSONResponse(ErrorOut(error=error, message=message).model_dump(), status_code=status)


MAX_CREATE_BYTES = MAX_DISTRICT_BYTES + 8 * 1024
"""[bytes] a workshop's creation body: its settings and at most one district file."""


def checked_district(text: str) -> tuple[str, str]:
    """The id of an uploaded district file and its text, after ``assembler district check``'s
    check (:func:`game_rules.district_check.check_district_text`); :class:`ApiError` 413 if
    too large, 422 ``district_invalid`` naming every wrong field with its allowed range. A
    ``weather:`` line (``district new --weather``) is kept as a comment (:func:`game_rules.district_check.without_weather`).
    CPU-bound (the district's hourly profiles, about 1 s): call it in a worker thread."""
    from game_rules.district_check import check_district_text, without_weather

    size = len(text.encode("utf-8"))
    if size > MAX_DISTRICT_BYTES:
        raise ApiError(413, "too_large", f"expected a district file of at most {MAX_DISTRICT_BYTES} bytes, got {size}")
    # A file from `district new --weather` names a weather file the upload cannot bring: its
    # normals came from that file, so the synthetic year of them runs and the stored file says so.
    text, weather = without_weather(text)
    if weather is not None:
        log.info("uploaded district names weather file %r: not uploaded, its normals' synthetic year is used", weather)
    try:
        result = check_district_text(text, "district file")
    except Exception as exc:  # a file the check did not foresee: logged here, never a trace to the browser
        log.exception("district file check failed")
        problem = DistrictProblemOut(field="(district)", message=f"expected a district the engine can profile, "
                                                                 f"it failed with {type(exc).__name__}")
        raise ApiError(422, "district_invalid", problem.message, [problem]) from None
    if result.district is None:
        problems = [DistrictProblemOut(field=p.field, message=p.message, low=p.low, high=p.high, got=p.got)
                    for p in result.problems]
        raise ApiError(422, "district_invalid",
                       f"{len(problems)} wrong field(s): " + "; ".join(p.line() for p in result.problems), problems)
    return result.district.id, text


def districts_out() -> DistrictsOut:
    """The built-in districts, named in every shipped language (from the catalogs)."""
    from catalogs import languages
    from catalogs.text import Text
    from game_rules.district_loading import load_district
    from game_rules.districts import DISTRICT_PRESETS

    out = []
    for name in DISTRICT_PRESETS:
        district = load_district(name)
        out.append(DistrictInfo(id=name, name=Text({lang: district.label(lang) for lang in languages()}),
                                country=district.country))
    return DistrictsOut(districts=out, max_file_bytes=MAX_DISTRICT_BYTES)


def ok(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def criteria_out(stored: dict[str, float] | None) -> CriteriaOut:
    """The weights in effect and every criterion with its label in every shipped language (the engine's KPI labels)."""
    from typing import get_args

    from game_rules.compare import DEFAULT_WEIGHTS
    from game_rules.texts import text
    from server.protocol import CriterionKey

    infos = []
    for key in get_args(CriterionKey):
        label = text(f"kpi.{key}")
        infos.append(CriterionInfo(key=key, label=LocalText(label.root),
                                   default_weight=DEFAULT_WEIGHTS.get(key, 0.0)))
    return CriteriaOut(weights=dict(stored if stored is not None else DEFAULT_WEIGHTS), is_default=stored is None, criteria=infos)


def viewer_of(kind: str) -> Literal["facilitator", "participant", "projector", "review"]:
    """The viewer a token kind opens; ``ValueError`` for a kind that opens nothing (revoked)."""
    kinds: dict[str, Literal["facilitator", "participant", "projector", "review"]] = {
        "facilitator": "facilitator", "participant": "participant", "projector": "projector", "review": "review"}
    if kind not in kinds:
        raise ValueError(f"expected a token kind in {sorted(kinds)}, got {kind!r}")
    return kinds[kind]


@dataclass(frozen=True)
class Who:
    """A validated bearer token."""

    token: str
    row: TokenRow

    @property
    def viewer(self) -> Literal["facilitator", "participant", "projector", "review"]:
        return viewer_of(self.row.kind)

    @property
    def actor(self) -> Actor:
        return Actor(role=self.viewer, seat_id=self.row.seat_id)


class Api:
    """HTTP handlers over one worker's :class:`~server.live.Live`."""

    def __init__(self, live: Live, deck: Deck, admin_token: str | None, public_url: str | None, join_burst: int = 120) -> None:
        self.live, self.store, self.deck = live, live.store, deck
        self.admin_token, self.public_url = admin_token, public_url
        # Wrong codes slow an address down (never lock it out: a room shares one NAT address).
        self.join_guard = JoinGuard()
        # Every join: a room behind one NAT address still joins 120 phones at once.
        self.join_attempts = KeyedLimiter(capacity=join_burst, rate=2)
        self._deck_json: str | None = None
        self._districts_json: str | None = None
        self.photo_gate = asyncio.Semaphore(1)

    # ------------------------------------------------------------------ helpers

    def base_url(self, request: Request) -> str:
        return (self.public_url or str(request.base_url)).rstrip("/")

    async def body(self, request: Request, model: type[BaseModel], limit: int = MAX_JSON_BYTES) -> Any:
        raw = await request.body()
        if len(raw) > limit:
            raise ApiError(413, "too_large", f"expected a JSON body of at most {limit} bytes, got {len(raw)}")
        try:
            return model.model_validate_json(raw or b"{}")
        except ValidationError as exc:
            from server.ws import validation_message

            raise ApiError(422, "bad_request", validation_message(exc)) from None

    async def who(self, request: Request) -> Who:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not token:
            raise ApiError(401, "unauthorized", "expected 'Authorization: Bearer <token>', got "
                           + ("no Authorization header" if not header else "another scheme"))
        row = await self.live.db(self.store.token, hash_token(token)) if len(token) <= 256 else None
        if row is None or row.kind in CLOSED_KINDS:
            raise ApiError(401, "unauthorized", UNKNOWN_TOKEN)
        return Who(token=token, row=row)

    async def who_for_table(self, request: Request, table_id: str) -> tuple[Who, TableRuntime]:
        who = await self.who(request)
        rt = await self.live.runtime(table_id)
        if rt is None or rt.row.workshop_id != who.row.workshop_id:
            raise ApiError(404, "not_found", f"no table {table_id!r} for this link")
        if who.row.table_id is not None and who.row.table_id != table_id:
            raise ApiError(403, "forbidden", "this link opens another table")
        return who, rt

    async def facilitator(self, request: Request, workshop_id: str) -> Who:
        who = await self.who(request)
        if who.row.kind != "facilitator" or who.row.workshop_id != workshop_id:
            raise ApiError(403, "forbidden", "only this workshop's facilitator link may do that")
        return who

    def table_info(self, base: str, row: TableRow, facilitator_token: str | None) -> TableInfo:
        projector = derived_token(facilitator_token, f"projector:{row.id}") if facilitator_token else ""
        return TableInfo(table_id=row.id, number=row.number, name=row.name, join_code=row.join_code,
                         join_url=f"{base}/j/{row.join_code}",
                         projector_url=f"{base}/p/{projector}" if projector else "", closed=row.closed)

    async def workshop_info(self, request: Request, workshop: WorkshopRow, facilitator_token: str) -> WorkshopInfo:
        base = self.base_url(request)
        rows = await self.live.db(self.store.workshop_tables, workshop.id)
        return WorkshopInfo(
            workshop_id=workshop.id, name=workshop.name, lang=workshop.lang, district=workshop.district,
            open=workshop.is_open, facilitator_url=f"{base}/f/{facilitator_token}",
            projector_url=f"{base}/p/{derived_token(facilitator_token, 'projector:*')}",
            review_url=f"{base}/r/{derived_token(facilitator_token, 'review')}",
            tables=[self.table_info(base, r, facilitator_token) for r in rows],
        )

    # ------------------------------------------------------------------ workshops

    async def create_workshop(self, request: Request) -> Response:
        if self.admin_token:
            header = request.headers.get("authorization", "")
            given = header[7:].strip() if header.lower().startswith("bearer ") else ""
            if not constant_time_equal(given, self.admin_token):
                raise ApiError(401, "unauthorized", "this server needs its admin token to create workshops")
        spec: CreateWorkshopIn = await self.body(request, CreateWorkshopIn, MAX_CREATE_BYTES)
        workshop, token = await self.create(spec)
        info = await self.workshop_info(request, workshop, token)
        return ok(CreateWorkshopOut(**info.model_dump(), facilitator_token=token))

    async def create(self, spec: CreateWorkshopIn) -> tuple[WorkshopRow, str]:
        """Create a workshop, its tables and its tokens; returns the facilitator token. With a
        district file, the workshop's district is that file (checked first, :func:`checked_district`)."""
        district, district_file = spec.district, None
        if spec.district_file is not None:
            district, district_file = await asyncio.to_thread(checked_district, spec.district_file)
        workshop = WorkshopRow(id=new_id("w"), name=spec.name, lang=spec.lang, district=district, is_open=True,
                               district_file=district_file)
        token = new_token()
        rows: list[TableRow] = []
        for number in range(1, spec.tables + 1):
            code = new_join_code()
            while await self.live.db(self.store.code_in_use, code) or code in {r.join_code for r in rows}:
                code = new_join_code()
            rows.append(TableRow(id=new_id("t"), workshop_id=workshop.id, number=number, name=str(number), join_code=code))  # shown as "Table 1", "Mesa 1" by each screen
        tokens = {hash_token(token): TokenRow("facilitator", workshop.id, None, None),
                  hash_token(derived_token(token, "projector:*")): TokenRow("projector", workshop.id, None, None),
                  hash_token(derived_token(token, "review")): TokenRow("review", workshop.id, None, None)}
        for row in rows:
            tokens[hash_token(derived_token(token, f"projector:{row.id}"))] = TokenRow("projector", workshop.id, row.id, None)
        await self.live.db(self.store.create_workshop, workshop, rows, tokens)
        return workshop, token

    async def get_workshop(self, request: Request) -> Response:
        workshop_id = request.path_params["workshop_id"]
        who = await self.facilitator(request, workshop_id)
        workshop = await self.live.db(self.store.workshop, workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", f"no workshop {workshop_id!r}")
        return ok(await self.workshop_info(request, workshop, who.token))

    async def close_workshop(self, request: Request) -> Response:
        workshop_id = request.path_params["workshop_id"]
        who = await self.facilitator(request, workshop_id)
        await self.live.db(self.store.set_open, workshop_id, False)
        workshop = await self.live.db(self.store.workshop, workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", f"no workshop {workshop_id!r}")
        return ok(await self.workshop_info(request, workshop, who.token))

    async def add_table(self, request: Request) -> Response:
        """A table added during the workshop: the next number, a fresh join code, its projector link."""
        workshop_id = request.path_params["workshop_id"]
        who = await self.facilitator(request, workshop_id)
        workshop = await self.live.db(self.store.workshop, workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", f"no workshop {workshop_id!r}")
        rows = await self.live.db(self.store.workshop_tables, workshop_id)
        if len(rows) >= MAX_TABLES:
            raise ApiError(422, "bad_value", f"expected at most {MAX_TABLES} tables in a workshop, it has {len(rows)}")
        code = new_join_code()
        while await self.live.db(self.store.code_in_use, code):
            code = new_join_code()
        number = max((r.number for r in rows), default=0) + 1
        row = TableRow(id=new_id("t"), workshop_id=workshop_id, number=number, name=str(number), join_code=code)
        projector = hash_token(derived_token(who.token, f"projector:{row.id}"))
        await self.live.db(self.store.add_table, row, {projector: TokenRow("projector", workshop_id, row.id, None)})
        return ok(await self.workshop_info(request, workshop, who.token))

    async def close_table(self, request: Request) -> Response:
        workshop_id, table_id = request.path_params["workshop_id"], request.path_params["table_id"]
        who = await self.facilitator(request, workshop_id)
        spec: TableCloseIn = await self.body(request, TableCloseIn)
        rows = await self.live.db(self.store.workshop_tables, workshop_id)
        if table_id not in {r.id for r in rows}:
            raise ApiError(404, "not_found", f"no table {table_id!r} in this workshop")
        await self.live.db(self.store.set_table_closed, table_id, spec.closed)
        workshop = await self.live.db(self.store.workshop, workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", f"no workshop {workshop_id!r}")
        return ok(await self.workshop_info(request, workshop, who.token))

    async def criteria(self, request: Request) -> Response:
        """``GET``: the comparison weights in effect; ``POST`` a :class:`CriteriaIn` to set them."""
        workshop_id = request.path_params["workshop_id"]
        await self.facilitator(request, workshop_id)
        if request.method == "POST":
            spec: CriteriaIn = await self.body(request, CriteriaIn)
            weights = None if spec.weights is None else {k: float(w) for k, w in spec.weights.items() if w > 0}
            await self.live.db(self.store.set_comparison_weights, workshop_id, weights)
        stored = await self.live.db(self.store.comparison_weights, workshop_id)
        return ok(criteria_out(stored))

    async def workshop_command(self, request: Request) -> Response:
        workshop_id = request.path_params["workshop_id"]
        who = await self.facilitator(request, workshop_id)
        spec: CommandIn = await self.body(request, CommandIn)
        if not self.live.budgets.allow(hash_token(who.token)):
            raise ApiError(429, "rate_limited", RATE_MESSAGE)
        rows = await self.live.db(self.store.workshop_tables, workshop_id)
        results = {}
        for row in (r for r in rows if not r.closed):
            results[row.id] = await self.live.execute(row.id, f"{spec.cmd_id}.{row.id}", spec.command, who.actor)
        return ok(WorkshopCommandOut(results=results))

    # ------------------------------------------------------------------ joining

    async def join(self, request: Request) -> Response:
        address = request.client.host if request.client else "unknown"
        if not self.join_attempts.allow(address):
            raise ApiError(429, "rate_limited", "too many join attempts from this address at once; wait a few seconds")
        spec: JoinIn = await self.body(request, JoinIn)
        async with self.join_guard.lane(address) as admitted:
            if not admitted:
                raise ApiError(429, "rate_limited", "too many wrong join codes from this address; wait a minute")
            row = await self.live.db(self.store.table_by_code, normalise_join_code(spec.code))
            workshop = await self.live.db(self.store.workshop, row.workshop_id) if row else None
            if row is None or workshop is None or not workshop.is_open:
                self.join_guard.failed(address)
                raise ApiError(404, "unknown_code", "no open table has this code; check the poster")
        if row.closed:  # a real code, not a guess: no slowing down
            raise ApiError(409, "table_closed", "the facilitator closed this table; ask which table to join")
        await self._allow_rejoin(spec, row.id)
        seat_id = new_id("s")
        out = await self.live.execute(row.id, f"join.{seat_id}", JoinCmd(seat_id=seat_id, nickname=spec.nickname), Actor("system"))
        if not out.ok:
            raise ApiError(422, out.reason or "bad_request", out.message or "")
        token = new_token()
        await self.live.db(self.store.add_token, hash_token(token), TokenRow("participant", row.workshop_id, row.id, seat_id))
        return ok(JoinOut(participant_token=token, workshop_id=row.workshop_id, table_id=row.id, table_number=row.number,
                          seat_id=seat_id, lang=workshop.lang, workshop_name=workshop.name))

    async def _allow_rejoin(self, spec: JoinIn, table_id: str) -> None:
        """A phone whose seat was removed at this table joins again only with the facilitator's
        permission, used up by this join (403 ``kicked`` otherwise). A first join, or a token
        of another table or server, passes."""
        if spec.previous_token is None:
            return
        prev = await self.live.db(self.store.token, hash_token(spec.previous_token))
        if prev is None or prev.table_id != table_id or prev.seat_id is None or prev.kind not in CLOSED_KINDS:
            return
        used = await self.live.db(self.store.set_seat_token_kind, table_id, prev.seat_id, READMITTED, REVOKED)
        if not used:
            raise ApiError(403, "kicked", "the facilitator removed this phone's seat from the table; ask them to let you back in")

    async def readmit(self, request: Request) -> Response:
        """Facilitator: let a removed seat's phone join this table once more."""
        table_id = request.path_params["table_id"]
        who, rt = await self.who_for_table(request, table_id)
        if who.row.kind != "facilitator":
            raise ApiError(403, "forbidden", "only this workshop's facilitator link may let a seat back in")
        spec: ReadmitIn = await self.body(request, ReadmitIn)
        changed = await self.live.db(self.store.set_seat_token_kind, rt.row.id, spec.seat_id, REVOKED, READMITTED)
        return ok(ReadmitOut(seat_id=spec.seat_id, readmitted=changed > 0))

    async def session(self, request: Request) -> Response:
        who = await self.who(request)
        workshop = await self.live.db(self.store.workshop, who.row.workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", "the workshop of this link no longer exists")
        rows = await self.live.db(self.store.workshop_tables, workshop.id)
        if who.row.table_id is not None:
            rows = [r for r in rows if r.id == who.row.table_id]
        base = self.base_url(request)
        tables = [self.table_info(base, r, who.token if who.row.kind == "facilitator" else None) for r in rows]
        if who.row.kind != "facilitator":
            tables = [t.model_copy(update={"join_code": t.join_code if who.row.kind != "review" else "",
                                           "join_url": t.join_url if who.row.kind != "review" else ""}) for t in tables]
        return ok(SessionOut(viewer=who.viewer, workshop_id=workshop.id, workshop_name=workshop.name,
                             lang=workshop.lang, district=workshop.district, table_id=who.row.table_id,
                             seat_id=who.row.seat_id, tables=tables))

    # ------------------------------------------------------------------ tables

    async def snapshot(self, request: Request) -> Response:
        who, rt = await self.who_for_table(request, request.path_params["table_id"])
        async with rt.lock:
            await self.live.state(rt)
        return Response(self.live.snapshot_text(rt, who.viewer)[1], media_type="application/json")

    async def events(self, request: Request) -> Response:
        who, rt = await self.who_for_table(request, request.path_params["table_id"])
        after = query_int(request, "after", 0, 0, MAX_SEQ)
        events = await self.live.db(self.store.events_after, rt.row.id, after, 5000)
        seq = events[-1].seq if events else after
        return ok(LogOut(table_id=rt.row.id, seq=seq, events=project_events(events, who.viewer)))

    async def assessment(self, request: Request) -> Response:
        _who, rt = await self.who_for_table(request, request.path_params["table_id"])
        if rt.assessment is not None:
            return Response(rt.assessment, media_type="application/json")
        return ok(AssessmentMsg(table_id=rt.row.id, seq=0, status="unavailable", message="not assessed yet"))

    async def command(self, request: Request) -> Response:
        who, rt = await self.who_for_table(request, request.path_params["table_id"])
        spec: CommandIn = await self.body(request, CommandIn)
        if not self.live.budgets.allow(hash_token(who.token)):
            raise ApiError(429, "rate_limited", RATE_MESSAGE)
        out = await self.live.execute(rt.row.id, spec.cmd_id, spec.command, who.actor)
        return ok(out)

    async def export(self, request: Request) -> Response:
        who, rt = await self.who_for_table(request, request.path_params["table_id"])
        async with rt.lock:
            await self.live.state(rt)
        events = await self.live.db(self.store.events_after, rt.row.id, 0)
        seq, snapshot = self.live.snapshot_text(rt, who.viewer)
        return ok(TableExportOut(
            table_id=rt.row.id, seq=seq, exported_at=time.time(), snapshot=SnapshotMsg.model_validate_json(snapshot),
            events=project_events(events, who.viewer), assessment=json.loads(rt.assessment) if rt.assessment else None))

    async def photo(self, request: Request) -> Response:
        who, rt = await self.who_for_table(request, request.path_params["table_id"])
        if who.row.kind not in ("participant", "facilitator"):
            raise ApiError(403, "read_only", "a read-only link cannot play cards")
        play_q = request.query_params.get("play", "1")
        if play_q not in ("0", "1"):
            raise ApiError(422, "bad_request", f"play: expected 0 or 1, got {play_q[:24]!r}")
        play = play_q == "1"  # 0: the live camera's fallback reads here and plays through its own outbox
        data = await self._read_limited(request, MAX_PHOTO_BYTES)
        try:
            from cards.recognise import ImageRejected, recognise_image
        except ImportError:
            raise ApiError(503, "unavailable", "card recognition is not installed on this server") from None
        try:
            async with self.photo_gate:  # one photo decoded at a time: bounds the memory of uploads
                recognition = await self.live.cpu(recognise_image, data, self.deck)
        except ImageRejected as exc:
            raise ApiError(422, exc.reason, str(exc)) from None
        except (ValueError, MemoryError, OSError) as exc:  # a decoder's own refusal (OpenCV, zxing-cpp)
            log.warning("photo at table %s not readable: %s: %s", rt.row.id, type(exc).__name__, str(exc)[:200])
            raise ApiError(422, "corrupt", "expected a photo the decoders can read; this file could not be read") from None
        digest = hashlib.sha256(data).hexdigest()[:20]
        found = []
        for card in recognition.cards:
            # A card lying outside its own slots (or off the mat) goes to its default slot.
            slot = card.slot if card.slot in self.deck.get(card.id).slots else None
            out: CommandOut | None = None
            if play:
                command = PlayCardCmd(card_id=card.id, slot=slot, source=CardSource.PHOTO)
                out = await self.live.execute(rt.row.id, f"photo.{digest}.{card.id}", command, who.actor)
            found.append(PhotoCard(card_id=card.id, slot=slot.value if slot else None, read_by=card.read_by, result=out))
        rejected = [PhotoRejected(payload=r.payload[:120], reason=r.reason) for r in recognition.rejected]
        return ok(PhotoOut(found=found, rejected=rejected, unread=len(recognition.unread), ms=recognition.ms))

    async def _read_limited(self, request: Request, limit: int) -> bytes:
        """The request body (at most ``limit`` bytes). A form upload is refused before reading;
        a body over the limit is read to its end (up to :data:`DRAIN_BYTES`) and discarded
        before the 413, so the client reads the answer instead of a reset connection."""
        if request.headers.get("content-type", "").startswith("multipart/"):
            raise ApiError(415, "unsupported_media_type",
                           "expected the image bytes as the request body (Content-Type: image/jpeg), not a form upload")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                if size > DRAIN_BYTES:
                    break
                continue
            chunks.append(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"expected an image of at most {limit:,} bytes, got "
                           + (f"{size:,}" if size <= DRAIN_BYTES else f"more than {DRAIN_BYTES:,}"))
        data = b"".join(chunks)
        if not data:
            raise ApiError(400, "bad_request", "expected image bytes in the request body, got nothing")
        return data

    # ------------------------------------------------------------------ deck

    async def districts(self, request: Request) -> Response:
        """``GET /api/districts``: what the console's workshop form offers (public, like the deck)."""
        if self._districts_json is None:
            self._districts_json = districts_out().model_dump_json()
        return Response(self._districts_json, media_type="application/json", headers={"cache-control": "max-age=300"})

    async def deck_json(self, request: Request) -> Response:
        if self._deck_json is None:
            cards = [
                CardInfo(id=c.id, code=c.code, category=c.category.value, slots=[s.value for s in home_slots(c)],
                         sp=c.sp.value, icon=c.icon.value, payload=compact_payload(self.deck, c),
                         title=LocalText({lang: c.text.get(lang).title for lang in languages()}),
                         hook=LocalText({lang: c.text.get(lang).hook for lang in languages()}),
                         body=LocalText({lang: c.text.get(lang).body for lang in languages()}))
                for c in self.deck
            ]
            self._deck_json = DeckOut(deck_id=self.deck.deck_id, version=self.deck.version, cards=cards,
                                      slot_capacity={s.value: n for s, n in SLOT_CAPACITY.items()},
                                      open_slots={p.value: sorted(s.value for s in slots) for p, slots in OPEN_SLOTS.items()}).model_dump_json()
        return Response(self._deck_json, media_type="application/json", headers={"cache-control": "max-age=300"})
