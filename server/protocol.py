"""Every wire contract of the server, in one place: WebSocket messages and HTTP JSON bodies.

``docs/protocol.md`` is generated from this module (``python -m server.protocol_doc``) and a test
keeps it in sync; ``/api/openapi.json`` is built from :data:`ROUTES`. Change a shape here and
both follow.

Conventions: every message is a JSON object with a ``type``; times are seconds since the Unix
epoch (floats); every table broadcast carries the table's ``seq`` (1, 2, 3... without gaps per
viewer, hidden events arrive as ``redacted``), so a client that sees a jump sends ``resync``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from catalogs import check_lang, languages
from catalogs.text import Text
from game_rules.district_check import MAX_DISTRICT_BYTES
from game_rules.districts import DISTRICT_PRESETS
from game_rules.play import MAX_NICKNAME, Command, Event
from game_rules.play.messages import MAX_SEQ
from server.assumptions import AssumptionsIn, AssumptionsOut
from server.projection import TableView

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 16 * 1024
"""Largest WebSocket message a client may send [bytes]; larger ones close the connection."""
CMD_ID_PATTERN = r"^[A-Za-z0-9_.:\-]{6,64}$"

CmdId = Annotated[str, Field(pattern=CMD_ID_PATTERN, description="client-made, unique per command; a retry reuses it")]
Token = Annotated[str, Field(min_length=16, max_length=128)]
Seq = Annotated[int, Field(ge=0, le=MAX_SEQ, description="a table seq (0: nothing yet)")]
Viewer = Literal["facilitator", "participant", "projector", "review"]


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- client -> server


class HelloMsg(_Msg):
    """First message on ``/ws``. The token says who you are; ``table_id`` is needed only for
    workshop-wide tokens (facilitator, workshop projector, review). ``last_seq`` is the highest seq
    you hold: the server sends the events after it, or a snapshot when it is null or too old."""

    type: Literal["hello"] = "hello"
    token: Token
    table_id: str | None = None
    last_seq: Seq | None = None
    protocol: int = PROTOCOL_VERSION


class CmdMsg(_Msg):
    """A command for the table this connection said hello to. Answered by ``ack`` or ``reject``
    with the same ``cmd_id``; the resulting event is broadcast to every screen (you included)."""

    type: Literal["cmd"] = "cmd"
    cmd_id: CmdId
    base_seq: Annotated[int | None, Field(ge=0, le=MAX_SEQ, description="the seq the client saw; informative")] = None
    command: Command


class ResyncMsg(_Msg):
    """Ask again for everything after ``last_seq`` (sent after noticing a gap)."""

    type: Literal["resync"] = "resync"
    last_seq: Seq


class PingMsg(_Msg):
    type: Literal["ping"] = "ping"
    t: float | None = Field(default=None, allow_inf_nan=False, description="echoed back in pong, e.g. the client's clock")


ClientMessage = Annotated[HelloMsg | CmdMsg | ResyncMsg | PingMsg, Field(discriminator="type")]
CLIENT_MESSAGE: TypeAdapter[HelloMsg | CmdMsg | ResyncMsg | PingMsg] = TypeAdapter(ClientMessage)


# --------------------------------------------------------------------------- server -> client


class WelcomeMsg(_Msg):
    """Answer to a valid ``hello``; followed by ``event`` messages or one ``snapshot``."""

    type: Literal["welcome"] = "welcome"
    table_id: str
    workshop_id: str
    viewer: Viewer
    seat_id: str | None
    lang: str
    seq: int = Field(description="the table's current seq")
    server_time: float
    protocol: int = PROTOCOL_VERSION


class SnapshotMsg(_Msg):
    type: Literal["snapshot"] = "snapshot"
    table_id: str
    seq: int
    table: TableView


class EventMsg(_Msg):
    type: Literal["event"] = "event"
    table_id: str
    seq: int
    event: Event


class AckMsg(_Msg):
    type: Literal["ack"] = "ack"
    cmd_id: str
    seq: int = Field(description="seq of the event the command produced")
    duplicate: bool = Field(default=False, description="true when this cmd_id was already accepted earlier")


class RejectMsg(_Msg):
    type: Literal["reject"] = "reject"
    cmd_id: str
    reason: str = Field(description="stable code from game_rules.play.Reason; translate it on screen")
    message: str = Field(description="English detail for logs and developers")


class AssessmentMsg(_Msg):
    """The table's live assessment after the latest plays (debounced)."""

    type: Literal["assessment"] = "assessment"
    table_id: str
    seq: int = Field(description="the table seq the assessment was computed at")
    status: Literal["ok", "error", "unavailable"]
    assessment: dict[str, Any] | None = Field(default=None, description="game_rules.Assessment as JSON")
    message: str = ""


class ErrorMsg(_Msg):
    """A protocol-level problem (not a game rejection). Reasons: ``bad_message``, ``too_large``,
    ``rate_limited``, ``unauthorized``, ``forbidden``, ``wrong_table``, ``not_ready``,
    ``server_error``. Never contains a stack trace."""

    type: Literal["error"] = "error"
    reason: str
    message: str


class StatusMsg(_Msg):
    """The server's live-update path changed. ``delayed``: the hub between server workers is down,
    so updates from phones on other workers arrive from the event log about once a second
    instead of at once (nothing is lost or doubled); ``ok``: live again. Sent after ``welcome``
    too while the hub is down."""

    type: Literal["status"] = "status"
    live: Literal["ok", "delayed"]
    message: str = ""


class PongMsg(_Msg):
    type: Literal["pong"] = "pong"
    t: float | None = None
    server_time: float


class ByeMsg(_Msg):
    """Sent before the server closes the socket. ``shutdown`` and ``slow_consumer``: reconnect
    with your last seq; ``kicked``: do not."""

    type: Literal["bye"] = "bye"
    reason: Literal["kicked", "shutdown", "slow_consumer", "protocol"]


ServerMessage = Annotated[
    WelcomeMsg | SnapshotMsg | EventMsg | AckMsg | RejectMsg | AssessmentMsg | ErrorMsg | StatusMsg | PongMsg | ByeMsg,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- HTTP bodies


class ErrorOut(_Msg):
    error: str = Field(description="stable code, e.g. unauthorized, not_found, bad_request, rate_limited")
    message: str


MAX_TABLES = 60
"""Tables one workshop may hold (created at once or added later)."""


def _shipped_lang(value: str) -> str:
    return check_lang(value, "a workshop language")


def _built_in_district(value: str) -> str:
    # The engine's loader also reads district files from disk (the CLI's use); a workshop
    # created over HTTP must never name a path on the server.
    if value not in DISTRICT_PRESETS:
        raise PydanticCustomError("district", "expected a built-in district ({allowed}), got {got!r}",
                                  {"allowed": ", ".join(DISTRICT_PRESETS), "got": value[:60]})
    return value


class CreateWorkshopIn(_Msg):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    lang: Annotated[str, AfterValidator(_shipped_lang)] = "en"
    district: Annotated[str, AfterValidator(_built_in_district),
                        Field(min_length=1, max_length=60, json_schema_extra={"enum": list(DISTRICT_PRESETS)})] = "lyon-confluence"
    tables: Annotated[int, Field(ge=1, le=MAX_TABLES)] = 4
    district_file: str | None = Field(default=None, description=(
        "the text of a district file (YAML, as `assembler district new` writes it, at most "
        f"{MAX_DISTRICT_BYTES // 1024} kB; a `weather:` line is kept as a comment, the synthetic year of its "
        "normals runs): the workshop is assessed in it instead of `district`; "
        "checked like `assembler district check` (422 district_invalid naming every wrong field)"))


class DistrictInfo(_Msg):
    """A built-in district the console offers, named in every shipped language."""

    id: str
    name: Text
    country: str = Field(description="ISO 3166-1 alpha-2 code, or EU")


class DistrictsOut(_Msg):
    districts: list[DistrictInfo]
    max_file_bytes: int = Field(description="largest district file a workshop may be created with [bytes]")


class DistrictProblemOut(_Msg):
    """One wrong field of an uploaded district file; ``low``/``high``: its allowed range."""

    field: str = Field(description="dotted path, e.g. location.latitude; (file) for the whole file")
    message: str = Field(description="what was wrong, in English")
    low: float | None = None
    high: float | None = None
    got: str | None = Field(default=None, description="the value given, shortened")


class DistrictErrorOut(ErrorOut):
    fields: list[DistrictProblemOut]


class TableInfo(_Msg):
    table_id: str
    number: int
    name: str
    join_code: str = Field(description="6 characters, no 0/O/1/I/L; valid while the workshop is open")
    join_url: str
    projector_url: str
    closed: bool = Field(default=False, description="closed by the facilitator: no joins, skipped by workshop-wide commands")


class TableCloseIn(_Msg):
    closed: bool = Field(description="true closes the table, false reopens it")


class WorkshopInfo(_Msg):
    workshop_id: str
    name: str
    lang: str
    district: str
    open: bool
    facilitator_url: str
    projector_url: str = Field(description="read-only wall view of every table")
    review_url: str = Field(description="read-only link for the city after the workshop")
    tables: list[TableInfo]


class CreateWorkshopOut(WorkshopInfo):
    facilitator_token: str = Field(description="secret; shown once, keep the facilitator link")


class JoinIn(_Msg):
    code: Annotated[str, Field(min_length=4, max_length=12)]
    nickname: Annotated[str, Field(min_length=1, max_length=MAX_NICKNAME)]
    previous_token: Token | None = Field(
        default=None, description="the participant token this phone held before (kept after a kick): a seat the "
                                  "facilitator removed rejoins that table only once the facilitator lets it back in")


class ReadmitIn(_Msg):
    seat_id: Annotated[str, Field(min_length=1, max_length=40)]


class ReadmitOut(_Msg):
    seat_id: str
    readmitted: bool = Field(description="false when the seat was not removed (nothing to allow)")


class JoinOut(_Msg):
    participant_token: str = Field(description="secret; keep it (localStorage) to survive reloads")
    workshop_id: str
    table_id: str
    table_number: int
    seat_id: str
    lang: str
    workshop_name: str


class SessionOut(_Msg):
    """Who a token is: the screens call this first with the token from their URL."""

    viewer: Viewer
    workshop_id: str
    workshop_name: str
    lang: str
    district: str
    table_id: str | None = Field(description="the one table of a participant or table projector")
    seat_id: str | None
    tables: list[TableInfo] = Field(description="tables this token may open")


class CommandIn(_Msg):
    cmd_id: CmdId
    base_seq: Annotated[int | None, Field(ge=0, le=MAX_SEQ)] = None
    command: Command


class CommandOut(_Msg):
    ok: bool
    seq: int | None = None
    duplicate: bool = False
    reason: str | None = None
    message: str | None = None


class WorkshopCommandOut(_Msg):
    results: dict[str, CommandOut] = Field(description="table_id -> result")


class LogOut(_Msg):
    table_id: str
    seq: int
    events: list[Event]


class PhotoCard(_Msg):
    card_id: str
    slot: str | None
    read_by: Literal["qr", "qr+marker", "marker"] = Field(
        default="qr", description="the identity channels that named the card: its QR code, both agreeing, or its card marker alone")
    result: CommandOut | None = Field(description="the play's answer; null when the photo was sent with `?play=0` (read, not played)")


class PhotoRejected(_Msg):
    payload: str
    reason: str


class PhotoOut(_Msg):
    found: list[PhotoCard]
    rejected: list[PhotoRejected]
    unread: int = Field(default=0, description="QR codes seen in the photo but not read (blurred, covered, reflected): never guessed into cards")
    ms: float = Field(description="[ms] recognition time")


LocalText = Text
"""A text in every shipped language: a JSON object keyed by language code (catalogs.text)."""


class CardInfo(_Msg):
    id: str
    code: str
    category: str
    slots: list[str] = Field(description="slots the card may lie in, its own slot first (where a play naming no slot lands)")
    sp: str
    icon: str
    title: LocalText
    hook: LocalText
    body: LocalText
    payload: str = Field(description="compact QR payload, e.g. PCED.1/GOV-03.K7")


class DeckOut(_Msg):
    deck_id: str
    version: int
    cards: list[CardInfo]
    slot_capacity: dict[str, int] = Field(default_factory=dict, description="cards each slot holds, as printed on the mat")
    open_slots: dict[str, list[str]] = Field(default_factory=dict, description="phase -> slots participants may fill in it (game_rules.play.OPEN_SLOTS)")


CriterionKey = Literal[
    "pv_yield", "pv_generation", "electricity_demand", "heat_demand", "self_sufficiency", "self_consumption",
    "self_sufficiency_legal", "self_consumption_legal", "renewable_share", "pe_balance", "co2", "co2_reduction", "peak_import", "peak_export", "energy_cost", "capex",
    "financing_gap", "governance_fit", "worst_stakeholder", "risk_score",
]
"""A comparison criterion: the key of one of the rules engine's KPIs (``game_rules.assessment``;
a test keeps this list equal to the engine's ``kpi.*`` labels)."""
Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]


class CriteriaIn(_Msg):
    """The workshop comparison's criteria and weights, set by the facilitator. Weights are
    relative (they are normalised to sum 1), at least 0, not all 0; a criterion left out or
    weighted 0 does not count. ``weights: null`` restores the engine's defaults."""

    weights: dict[CriterionKey, Weight] | None = Field(
        description="KPI key -> relative weight, e.g. {\"co2_reduction\": 2, \"financing_gap\": 1}")

    @field_validator("weights")
    @classmethod
    def _some_weight(cls, weights: dict[str, float] | None) -> dict[str, float] | None:
        if weights is not None and not any(w > 0 for w in weights.values()):
            raise PydanticCustomError("all_zero", "expected at least one criterion with a weight above 0, got {got}",
                                      {"got": str(weights or "none")})
        return weights


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """``weights`` validated like :class:`CriteriaIn`, without the zero weights; a ``ValueError``
    names the bad key or value (for ``?weights=`` and ``--weights``)."""
    try:
        spec = CriteriaIn.model_validate({"weights": weights})
    except ValidationError as exc:
        parts = []
        for item in exc.errors()[:3]:
            where = ".".join(str(p) for p in item["loc"] if p not in ("weights", "[key]"))
            parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
        raise ValueError("bad comparison weights: " + "; ".join(parts)) from None
    return {k: float(w) for k, w in (spec.weights or {}).items() if w > 0}


class CriterionInfo(_Msg):
    key: CriterionKey
    label: LocalText
    default_weight: float = Field(description="the engine's default weight (0: not a default criterion)")


class CriteriaOut(_Msg):
    weights: dict[str, float] = Field(description="the weights in effect (the facilitator's, or the defaults), as stored")
    is_default: bool = Field(description="true while the facilitator has set nothing")
    criteria: list[CriterionInfo] = Field(description="every criterion the facilitator may weight, with its label")


class HealthOut(_Msg):
    ok: bool = Field(description="false while a part is degraded (the worker still serves: answered 200)")
    database: Literal["sqlite", "postgresql"]
    hub: Literal["local", "redis"]
    hub_state: Literal["ok", "degraded"] = Field(
        default="ok", description="degraded: Redis is unreachable; screens are told live updates are delayed "
                                  "and kept current from the event log until it returns")
    connections: int


# --------------------------------------------------------------------------- HTTP routes


class QueryParam(BaseModel):
    """One query parameter of a route, declared once for the OpenAPI document and protocol.md."""

    name: str
    description: str
    schema_: dict[str, Any] = Field(alias="schema")


# the shipped languages are the catalogs present (docs/translating.md), never a list here
LANG_Q = QueryParam(name="lang", description="report language (default: the workshop's)", schema={"type": "string", "enum": list(languages())})
NICKNAMES_Q = QueryParam(name="nicknames", description="1: print the nicknames people typed (facilitator only; a review link gets 403)",
                         schema={"type": "string", "enum": ["0", "1"]})
WEIGHTS_Q = QueryParam(name="weights", description="comparison weights `key:w,key:w` over the criteria of `CriteriaIn` (default: the stored ones)",
                       schema={"type": "string", "maxLength": 2000, "pattern": r"^[a-z_]+:[0-9.]+(,[a-z_]+:[0-9.]+)*$"})
PRINT_LANG_Q = QueryParam(name="lang", description="language of the print (default en)", schema={"type": "string", "enum": list(languages())})
PRINT_OUTPUT_Q = QueryParam(name="output", description="office (default): RGB for office printers; print-shop: CMYK PDF/X-1a:2001 with an output intent, trim and bleed boxes (503 without Ghostscript)", schema={"type": "string", "enum": ["office", "print-shop"]})
PLAY_Q = QueryParam(name="play", description="1 (default): play every card found; 0: only read them (the live camera's fallback, which plays each card through its own command path)",
                    schema={"type": "string", "enum": ["0", "1"]})
AFTER_Q = QueryParam(name="after", description="only events with a larger seq (default 0)", schema={"type": "integer", "minimum": 0, "maximum": MAX_SEQ})

FACILITATOR, PARTICIPANT, PROJECTOR, REVIEW = "facilitator", "participant", "projector", "review"
ANY_TOKEN = (FACILITATOR, PARTICIPANT, PROJECTOR, REVIEW)
READERS = (FACILITATOR, REVIEW)
PHOTO_MEDIA = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
MAX_PHOTO_BYTES = 12 * 1024 * 1024
"""Largest photo upload [bytes]; a larger body is read to its end and answered 413."""


class ApiRoute(BaseModel):
    """One HTTP endpoint, described once for the router's docs and the OpenAPI document."""

    method: Literal["GET", "POST"]
    path: str
    summary: str
    auth: Literal["none", "admin", "facilitator", "participant", "any"] = "any"
    tokens: tuple[str, ...] = Field(default=(), description="token kinds that may call it (all others: 401/403/404)")
    body: type[BaseModel] | None = None
    body_media: tuple[str, ...] = Field(default=(), description="a binary body of these media types (the photo)")
    query: tuple[QueryParam, ...] = ()
    path_enums: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    response: type[BaseModel] | None = Field(description="JSON body of a 200 answer; None for files")
    media: str = "application/json"


class TableExportOut(_Msg):
    """A table's raw export: the projected snapshot, the projected log and the latest assessment."""

    table_id: str
    seq: int
    exported_at: float = Field(description="[s since the Unix epoch]")
    snapshot: SnapshotMsg
    events: list[Event]
    assessment: dict[str, Any] | None = Field(description="the latest `assessment` message, or null")


ROUTES: tuple[ApiRoute, ...] = (
    ApiRoute(method="GET", path="/healthz", summary="Liveness: database and hub in use; `ok: false` with `hub_state: degraded` while Redis is unreachable.", auth="none", response=HealthOut),
    ApiRoute(method="POST", path="/api/workshops", summary="Create a workshop with its tables, in a built-in district or in the district file given as `district_file` (422 `district_invalid` lists every wrong field with its range; 413 over the size limit). Needs `Authorization: Bearer <admin token>` when the server has one.", auth="admin", body=CreateWorkshopIn, response=CreateWorkshopOut),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}", summary="The workshop, its tables, join codes and links (facilitator).", auth="facilitator", tokens=(FACILITATOR,), response=WorkshopInfo),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/commands", summary="Apply one facilitator command (e.g. set_phase, start_timer, lock) to every table; per-table cmd_id is `<cmd_id>.<table_id>`. Spends the link's rate budget (429 `rate_limited`).", auth="facilitator", tokens=(FACILITATOR,), body=CommandIn, response=WorkshopCommandOut),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/close", summary="Close the workshop: join codes stop working; links keep working.", auth="facilitator", tokens=(FACILITATOR,), response=WorkshopInfo),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}/criteria", summary="The comparison criteria and weights in effect for the workshop report, and every criterion that may be weighted.", auth="facilitator", tokens=(FACILITATOR,), response=CriteriaOut),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/criteria", summary="Set (or with `weights: null` reset) the comparison criteria and weights; the workshop report and its JSON rank the tables on them unless `?weights=` overrides. 422 names the unknown key or bad weight.", auth="facilitator", tokens=(FACILITATOR,), body=CriteriaIn, response=CriteriaOut),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}/assumptions", summary="The parameter values the facilitator set for every assessment of the workshop, and the market prices the console offers with labels, defaults, bounds and sources.", auth="facilitator", tokens=(FACILITATOR,), response=AssumptionsOut),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/assumptions", summary="Set (or with `values: null` reset) the workshop's parameter values (e.g. the P2P platform fee, the flexibility prices, the eMaaS fee per car); every open table is assessed again, and the reports use them. 422 names the parameter, its unit and allowed range.", auth="facilitator", tokens=(FACILITATOR,), body=AssumptionsIn, response=AssumptionsOut),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/tables", summary="Add a table during the workshop (next number, new join code); returns the workshop. 422 `bad_value` past the most tables a workshop holds.", auth="facilitator", tokens=(FACILITATOR,), response=WorkshopInfo),
    ApiRoute(method="POST", path="/api/workshops/{workshop_id}/tables/{table_id}/close", summary="Close (`closed: true`) or reopen a table: a closed table takes no joins (409 `table_closed`) and no workshop-wide commands.", auth="facilitator", tokens=(FACILITATOR,), body=TableCloseIn, response=WorkshopInfo),
    ApiRoute(method="POST", path="/api/join", summary="Join a table with its code and a nickname (1-32 characters). Wrong codes slow the sending address down (never lock it out: a room shares one address); 429 `rate_limited` when too many wait; 409 `table_closed` for a table the facilitator closed; 403 `kicked` for a removed seat's `previous_token` not let back in.", auth="none", body=JoinIn, response=JoinOut),
    ApiRoute(method="POST", path="/api/tables/{table_id}/readmit", summary="Let a removed (kicked) seat join this table again: its phone's next join with `previous_token` is accepted once, as a new seat.", auth="facilitator", tokens=(FACILITATOR,), body=ReadmitIn, response=ReadmitOut),
    ApiRoute(method="GET", path="/api/session", summary="Who the bearer token is and which tables it may open.", auth="any", tokens=ANY_TOKEN, response=SessionOut),
    ApiRoute(method="GET", path="/api/districts", summary="The built-in districts a workshop may be created in, named in every shipped language, and the largest district file accepted.", auth="none", response=DistrictsOut),
    ApiRoute(method="GET", path="/api/deck", summary="Every card with its texts in every shipped language, slots and QR payload.", auth="none", response=DeckOut),
    ApiRoute(method="GET", path="/api/tables/{table_id}/snapshot", summary="The table as the token's viewer may see it.", auth="any", tokens=ANY_TOKEN, response=SnapshotMsg),
    ApiRoute(method="GET", path="/api/tables/{table_id}/events", summary="The table's log after `?after=N` (default 0, at most 5000 events), filtered for the viewer.", auth="any", tokens=ANY_TOKEN, query=(AFTER_Q,), response=LogOut),
    ApiRoute(method="GET", path="/api/tables/{table_id}/assessment", summary="The latest assessment of the table (`status: unavailable` until one is computed).", auth="any", tokens=ANY_TOKEN, response=AssessmentMsg),
    ApiRoute(method="POST", path="/api/tables/{table_id}/commands", summary="Send one command over HTTP (same rules as the WebSocket `cmd`; read-only links get `ok: false, reason: read_only`). Spends the link's rate budget, shared with its WebSockets (429 `rate_limited`).", auth="participant", tokens=ANY_TOKEN, body=CommandIn, response=CommandOut),
    ApiRoute(method="POST", path="/api/tables/{table_id}/photo", summary="Upload a photo of the mat as the request body (JPEG, PNG, WebP or HEIC, at most 12 MB; 413 `too_large` after the body is read, 415 `unsupported_media_type` for a form upload, 422 with the image's reason); every card found is played, unless `?play=0` asks only to read them.", auth="participant", tokens=(FACILITATOR, PARTICIPANT), body_media=PHOTO_MEDIA, query=(PLAY_Q,), response=PhotoOut),
    ApiRoute(method="GET", path="/api/tables/{table_id}/export.json", summary="Export: the table's projected snapshot, log and assessment as one JSON document.", auth="any", tokens=ANY_TOKEN, response=TableExportOut),
    ApiRoute(method="GET", path="/api/print/deck.pdf", summary="The printable deck; its QR codes point at this server.", auth="none", query=(PRINT_LANG_Q, PRINT_OUTPUT_Q), response=None, media="application/pdf"),
    ApiRoute(method="GET", path="/api/print/mat.pdf", summary="The printable A3 table mat.", auth="none", query=(PRINT_LANG_Q, PRINT_OUTPUT_Q), response=None, media="application/pdf"),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}/posters.pdf", summary="One join poster per table.", auth="facilitator", tokens=(FACILITATOR,), query=(PRINT_LANG_Q, PRINT_OUTPUT_Q), response=None, media="application/pdf"),
    ApiRoute(method="GET", path="/api/tables/{table_id}/report.pdf", summary="The table's outcome report; hidden scenario cards stay hidden from a review link.", auth="facilitator", tokens=READERS, query=(LANG_Q, NICKNAMES_Q), response=None, media="application/pdf"),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}/report.pdf", summary="The workshop's outcome report comparing its tables on the stored criteria.", auth="facilitator", tokens=READERS, query=(LANG_Q, NICKNAMES_Q, WEIGHTS_Q), response=None, media="application/pdf"),
    ApiRoute(method="GET", path="/api/tables/{table_id}/report.json", summary="The table report's data (docs/schemas/report-table.schema.json).", auth="facilitator", tokens=READERS, query=(LANG_Q, NICKNAMES_Q), response=None),
    ApiRoute(method="GET", path="/api/tables/{table_id}/export/hourly.csv", summary="The table's hourly energy run for analysts: a `# time base` line, then 8,760 rows, units in the column names (docs/reports.md).", auth="facilitator", tokens=READERS, response=None, media="text/csv"),
    ApiRoute(method="GET", path="/api/tables/{table_id}/export/{kind}.csv", summary="CSV for analysts.", auth="facilitator", tokens=READERS, query=(LANG_Q, NICKNAMES_Q), path_enums={"kind": ("flows", "risks", "kpis")}, response=None, media="text/csv"),
    ApiRoute(method="GET", path="/api/workshops/{workshop_id}/export.json", summary="The workshop report's data (docs/schemas/report-workshop.schema.json).", auth="facilitator", tokens=READERS, query=(LANG_Q, NICKNAMES_Q, WEIGHTS_Q), response=None),
)

SERVER_MESSAGES: tuple[type[BaseModel], ...] = (
    WelcomeMsg, SnapshotMsg, EventMsg, AckMsg, RejectMsg, AssessmentMsg, ErrorMsg, StatusMsg, PongMsg, ByeMsg,
)
CLIENT_MESSAGES: tuple[type[BaseModel], ...] = (HelloMsg, CmdMsg, ResyncMsg, PingMsg)


def openapi_document(version: str = "0.1.0") -> dict[str, Any]:
    """The OpenAPI 3.1 document of :data:`ROUTES` (served at ``/api/openapi.json``)."""
    models: set[type[BaseModel]] = set()
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        schema: dict[str, Any] = (
            {"$ref": f"#/components/schemas/{route.response.__name__}"} if route.response is not None
            else {"type": "string", "format": "binary"} if route.media != "application/json" else {"type": "object"}
        )
        op: dict[str, Any] = {"summary": route.summary, "responses": {
            "200": {"description": "OK", "content": {route.media: {"schema": schema}}},
            "default": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}},
        }}
        models.add(ErrorOut)
        if route.response is not None:
            models.add(route.response)
        if route.auth not in ("none",):
            op["security"] = [{"bearer": []}]
        if route.body is not None:
            models.add(route.body)
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{route.body.__name__}"}}}}
        if route.body_media:
            op["requestBody"] = {"required": True, "content": {
                media: {"schema": {"type": "string", "format": "binary", "maxLength": MAX_PHOTO_BYTES}} for media in route.body_media}}
        params: list[dict[str, Any]] = [
            {"name": p, "in": "path", "required": True,
             "schema": {"type": "string", "enum": list(route.path_enums[p])} if p in route.path_enums else {"type": "string", "maxLength": 64}}
            for p in re.findall(r"\{(\w+)\}", route.path)]
        params += [{"name": q.name, "in": "query", "required": False, "description": q.description, "schema": q.schema_}
                   for q in route.query]
        if params:
            op["parameters"] = params
        if route.tokens:
            op["x-tokens"] = list(route.tokens)
            op["description"] = "Tokens: " + ", ".join(route.tokens) + "."
        paths.setdefault(route.path, {})[route.method.lower()] = op
    schemas: dict[str, Any] = {}
    for model in sorted(models, key=lambda m: m.__name__):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {"title": "PCED Business Model Assembler", "version": version},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
