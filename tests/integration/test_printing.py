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


async def test_mat_and_posters_download_for_a_print_shop(server: ServerProcess) -> None:
    """``?output=print-shop`` (issue 13, point 16): PDF/X-1a:2001 (ISO 15930-1) with 3 mm bleed
    around the A3 mat (420 x 297 mm trim, 426 x 303 mm page); an unknown output is a 400."""
    workshop = await create_workshop(server.url, tables=1)
    async with httpx.AsyncClient(base_url=server.url, timeout=180) as http:
        mat = await http.get("/api/print/mat.pdf?lang=fr&output=print-shop")
        posters = await http.get(f"/api/workshops/{workshop['workshop_id']}/posters.pdf?lang=de&output=print-shop",
                                 headers={"authorization": f"Bearer {workshop['facilitator_token']}"})
        wrong = await http.get("/api/print/mat.pdf?output=cmyk")
    for response in (mat, posters):
        assert response.status_code == 200 and "print-shop" in response.headers["content-disposition"]
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.trailer["/Info"].get_object()["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
        assert len(reader.trailer["/Root"]["/OutputIntents"]) == 1
    page = PdfReader(io.BytesIO(mat.content)).pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (426, 303)
    assert wrong.status_code == 400 and "office or print-shop" in wrong.text
