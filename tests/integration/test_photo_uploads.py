"""Photo uploads the way clients really send them (issue 14, points 14 and 16), on a real server."""

from __future__ import annotations

import io
import json
import secrets
import socket
from typing import Any

import httpx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_support import ServerProcess, create_workshop, join
from PIL import Image

from server.api import MAX_PHOTO_BYTES


async def _seat(server: ServerProcess) -> dict:
    workshop = await create_workshop(server.url)
    return await join(server.url, workshop["tables"][0]["join_code"], "Ann")


def _raw_post(server: ServerProcess, path: str, token: str, body: bytes) -> tuple[int, dict]:
    """POST with a plain socket: the whole body is sent before the answer is read, as a phone's
    browser does; a server that answers and closes early makes this fail with a reset."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: image/jpeg\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head + body)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw.split(b" ", 2)[1])
    return status, json.loads(raw.split(b"\r\n\r\n", 1)[1])


async def test_an_oversized_upload_gets_a_readable_413(server: ServerProcess) -> None:
    ann = await _seat(server)
    status, body = _raw_post(server, f"/api/tables/{ann['table_id']}/photo", ann["participant_token"],
                             b"\xff\xd8" + b"\x00" * (MAX_PHOTO_BYTES + 1_000_000))
    assert (status, body["error"]) == (413, "too_large")
    assert f"{MAX_PHOTO_BYTES:,}" in body["message"]


async def test_a_form_upload_gets_the_documented_code(server: ServerProcess) -> None:
    ann = await _seat(server)
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.post(f"/api/tables/{ann['table_id']}/photo", files={"photo": ("a.jpg", b"\xff\xd8\xff", "image/jpeg")},
                            headers={"authorization": f"Bearer {ann['participant_token']}"})
    assert (r.status_code, r.json()["error"]) == (415, "unsupported_media_type")
    assert "form" in r.json()["message"]


async def test_a_well_formed_unknown_token_is_told_so(server: ServerProcess) -> None:
    ann = await _seat(server)
    async with httpx.AsyncClient(base_url=server.url) as http:
        for path in (f"/api/tables/{ann['table_id']}/photo", f"/api/tables/{ann['table_id']}/snapshot"):
            r = await http.request("POST" if path.endswith("photo") else "GET", path, content=b"x",
                                   headers={"authorization": f"Bearer {secrets.token_urlsafe(24)}"})
            assert r.status_code == 401 and "unknown or revoked token" in r.json()["message"], r.text
        r = await http.get(f"/api/tables/{ann['table_id']}/snapshot")
        assert "expected 'Authorization: Bearer <token>'" in r.json()["message"]


async def test_very_wide_photos_never_answer_500(server: ServerProcess) -> None:
    ann = await _seat(server)
    headers = {"authorization": f"Bearer {ann['participant_token']}", "content-type": "image/png"}
    async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
        for size in ((60000, 1), (22000, 1), (40000, 60)):
            out = io.BytesIO()
            Image.new("L", size, 255).save(out, "PNG")
            r = await http.post(f"/api/tables/{ann['table_id']}/photo", content=out.getvalue(), headers=headers)
            assert r.status_code == 200 and r.json()["found"] == [], (size, r.status_code, r.text)
    assert "Traceback" not in server.log_path.read_text(errors="replace")


def _fuzz_image(draw: Any) -> bytes:
    fmt = draw(st.sampled_from(("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")))
    mode = draw(st.sampled_from(("1", "L", "LA", "P", "RGB", "RGBA", "I;16", "CMYK")))
    width, height = draw(st.integers(1, 400)), draw(st.integers(1, 400))
    pixels = np.random.default_rng(draw(st.integers(0, 999))).integers(0, 256, (height, width), dtype=np.uint8)
    out = io.BytesIO()
    try:
        Image.fromarray(pixels, mode="L").convert(mode).save(out, fmt)
    except (OSError, ValueError, KeyError):
        out = io.BytesIO()
        Image.fromarray(pixels, mode="L").save(out, "PNG")
    data = out.getvalue()
    cut = draw(st.sampled_from((1.0, 1.0, 0.5, 0.95)))
    return data[: max(1, int(len(data) * cut))] + draw(st.binary(max_size=32))


async def test_photo_fuzz_never_answers_500_nor_logs_a_traceback(server: ServerProcess) -> None:
    """Formats, modes, bit depths, sizes, truncations and trailing bytes through the real endpoint."""
    ann = await _seat(server)
    headers = {"authorization": f"Bearer {ann['participant_token']}", "content-type": "application/octet-stream"}
    seen: list[int] = []

    @given(data=st.composite(_fuzz_image)())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def run(data: bytes) -> None:
        r = httpx.post(f"{server.url}/api/tables/{ann['table_id']}/photo", content=data, headers=headers, timeout=120)
        seen.append(r.status_code)
        assert r.status_code in (200, 422), (r.status_code, r.text[:300])

    run()
    assert 422 in seen and 200 in seen
    assert "Traceback" not in server.log_path.read_text(errors="replace")
