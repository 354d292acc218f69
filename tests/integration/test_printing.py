"""Paper from the live server: deck, mat and join posters carry this server's address."""

from __future__ import annotations

import io

import httpx
from live_support import ServerProcess, create_workshop
from pypdf import PdfReader


async def test_deck_mat_and_posters_download_as_pdf(server: ServerProcess) -> None:
    workshop = await create_workshop(server.url, tables=2)
    async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
        deck = await http.get("/api/print/deck.pdf?lang=fr")
        mat = await http.get("/api/print/mat.pdf?lang=de")
        posters = await http.get(f"/api/workshops/{workshop['workshop_id']}/posters.pdf?lang=en",
                                 headers={"authorization": f"Bearer {workshop['facilitator_token']}"})
        refused = await http.get(f"/api/workshops/{workshop['workshop_id']}/posters.pdf")
        bad_lang = await http.get("/api/print/mat.pdf?lang=xx")
    for response in (deck, mat, posters):
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(posters.content)).pages) == 2
    poster_text = PdfReader(io.BytesIO(posters.content)).pages[0].extract_text()
    assert workshop["tables"][0]["join_code"] in poster_text
    assert refused.status_code == 401 and bad_lang.status_code == 400
