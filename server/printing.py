"""Paper from the live server: the deck, the table mat and the join posters as PDF downloads.

The card QR codes and the posters carry this server's own address (``--public-url`` or the
address the request came to), so a phone's camera app opens this server. The deck and the mat
are the same for everyone and need no token; the posters show a workshop's join codes, so they
need its facilitator link. PDFs are built off the event loop and cached per language and base.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalogs import languages

_CACHE: dict[tuple[str, str, str], bytes] = {}


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    if lang not in languages():
        from server.api import ApiError

        raise ApiError(400, "bad_request", f"expected lang in {languages()}, got {lang[:8]!r}")
    return lang


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf", headers={"content-disposition": f'attachment; filename="{name}"'})


def _print_shop(data: bytes, title: str) -> bytes:
    from printables.print_shop import to_print_shop

    return to_print_shop(data, title)


def _deck_pdf(deck: Any, lang: str, base: str, shop: bool = False) -> bytes:
    from printables.deck_pdf import DeckOptions, build_deck

    data = build_deck(DeckOptions(lang=lang, base_url=base), deck).pdf_bytes
    return _print_shop(data, f"PCED deck ({lang})") if shop else data


def _mat_pdf(lang: str, shop: bool = False) -> bytes:
    from printables.mat import build_mat
    from printables.print_shop import PRINT_SHOP_BLEED_MM

    data = build_mat(lang, bleed_mm=PRINT_SHOP_BLEED_MM if shop else 0.0).pdf_bytes
    return _print_shop(data, f"PCED table mat ({lang})") if shop else data


def _posters_pdf(tables: Any, lang: str, shop: bool = False) -> bytes:
    from printables.poster import build_posters
    from printables.print_shop import PRINT_SHOP_BLEED_MM

    data = build_posters(tables, lang, bleed_mm=PRINT_SHOP_BLEED_MM if shop else 0.0)
    return _print_shop(data, f"PCED join posters ({lang})") if shop else data


def _wants_print_shop(request: Request) -> bool:
    """``?output=print-shop``: CMYK PDF/X-1a with an output intent and bleed (printables.print_shop);
    ``?output=office`` or none: RGB for office printers; anything else is refused."""
    output = request.query_params.get("output", "office")
    if output not in ("office", "print-shop"):
        from server.api import ApiError

        raise ApiError(400, "bad_request", f"expected output office or print-shop, got {output[:16]!r}")
    return output == "print-shop"


async def _shop_guard(build: Any) -> bytes:
    """``build()``'s bytes; a missing Ghostscript or profile is a 503 naming what is missing."""
    from printables.print_shop import PrintShopError
    from server.api import ApiError

    try:
        data: bytes = await build()
    except PrintShopError as exc:
        raise ApiError(503, "unavailable", str(exc)) from None
    return data


async def _cached(request: Request, key: tuple[str, str, str], build: Any, *args: Any) -> bytes:
    if key not in _CACHE:
        _CACHE[key] = await request.app.state.live.cpu(build, *args)
    return _CACHE[key]


async def deck_pdf(request: Request) -> Response:
    """``GET /api/print/deck.pdf?lang=``: every card, QR codes pointing at this server."""
    api = request.app.state.api
    lang, base = _lang(request), api.base_url(request)
    if _wants_print_shop(request):
        data = await _shop_guard(lambda: _cached(request, ("deck-x", lang, base), _deck_pdf, api.deck, lang, base, True))
        return _pdf(data, f"pced-deck-{lang}-print-shop.pdf")
    data = await _cached(request, ("deck", lang, base), _deck_pdf, api.deck, lang, base)
    return _pdf(data, f"pced-deck-{lang}.pdf")


async def mat_pdf(request: Request) -> Response:
    """``GET /api/print/mat.pdf?lang=[&output=print-shop]``: the A3 table mat with its markers."""
    lang = _lang(request)
    if _wants_print_shop(request):
        data = await _shop_guard(lambda: _cached(request, ("mat-x", lang, ""), _mat_pdf, lang, True))
        return _pdf(data, f"pced-mat-{lang}-print-shop.pdf")
    data = await _cached(request, ("mat", lang, ""), _mat_pdf, lang)
    return _pdf(data, f"pced-mat-{lang}.pdf")


async def posters_pdf(request: Request) -> Response:
    """``GET /api/workshops/{id}/posters.pdf?lang=[&output=print-shop]`` (facilitator): one join poster per table."""
    from printables.poster import PosterTable

    api = request.app.state.api
    workshop_id = request.path_params["workshop_id"]
    await api.facilitator(request, workshop_id)
    lang, base = _lang(request), api.base_url(request)
    shop = _wants_print_shop(request)
    rows = await api.live.db(api.store.workshop_tables, workshop_id)
    tables = [PosterTable(name=r.name, join_url=f"{base}/j/{r.join_code}", code=r.join_code) for r in rows]
    if shop:
        data = await _shop_guard(lambda: api.live.cpu(_posters_pdf, tables, lang, True))
        return _pdf(data, f"pced-join-posters-{lang}-print-shop.pdf")
    data = await api.live.cpu(_posters_pdf, tables, lang)
    return _pdf(data, f"pced-join-posters-{lang}.pdf")


def routes(guard: Any) -> list[Route]:
    return [
        Route("/api/print/deck.pdf", guard(deck_pdf)),
        Route("/api/print/mat.pdf", guard(mat_pdf)),
        Route("/api/workshops/{workshop_id}/posters.pdf", guard(posters_pdf)),
    ]
