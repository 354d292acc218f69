"""The screens' texts over HTTP, compiled from the PO catalogs at request time (one source).

``GET /static/i18n/<lang>.json`` answers what ``clients/js/i18n.js`` loads (see
:mod:`catalogs.browser`); ``GET /static/i18n/languages.json`` lists the shipped languages for the
language switcher. An unknown language is a 404 whose JSON body names the languages on offer.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from catalogs import languages
from catalogs.browser import browser_messages, language_list

_HEADERS = {"Cache-Control": "no-cache"}


async def messages_json(request: Request) -> Response:
    lang = str(request.path_params["lang"])
    if lang not in languages():
        return JSONResponse({"error": "not_found", "message": f"expected a language in {languages()}, got {lang[:12]!r}"},
                            status_code=404)
    body = json.dumps(browser_messages(lang), ensure_ascii=False, sort_keys=True)
    return Response(body, media_type="application/json", headers=_HEADERS)


async def languages_json(request: Request) -> Response:
    return JSONResponse(language_list(), headers=_HEADERS)


def routes() -> list[Route]:
    """Mounted by ``server/app.py`` before ``/static`` so these paths win over the files."""
    return [Route("/static/i18n/languages.json", languages_json), Route("/static/i18n/{lang}.json", messages_json)]
