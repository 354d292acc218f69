"""Fixtures for the browser tests: the real server on a free port, Debian's Chromium driven by
Playwright with a fake camera playing a card of the project's own deck, and request recording.

The browser flags follow the shared FIELD-NOTES (headless Chromium, fake media devices, no
background networking so that the only requests are the pages' own).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cards.deck import default_deck
from tests.clients.media import card_scene, render_card_png, write_y4m

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
SCANNED_CARD = "GOV-01"
"""The card the fake camera shows: a governance card, playable in the governance phase."""

BASE_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-domain-reliability",
    "--metrics-recording-only", "--no-default-browser-check",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"expected the server to keep running, it exited {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as res:
                if res.status == 200:
                    return
        except OSError:
            time.sleep(0.3)  # poll until the server answers; bounded by the deadline
    raise RuntimeError(f"expected {base}/healthz within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`assembler serve` on a free loopback port with a fresh SQLite database."""
    work = tmp_path_factory.mktemp("server")
    port = _free_port()
    log = work / "server.log"
    exe = Path(sys.executable).with_name("assembler")
    cmd = [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", f"sqlite:///{work / 'db.sqlite'}"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=work, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        yield Server(base, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def card_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fake-camera clip of SCANNED_CARD as printed by the project's own deck code."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("the browser tests need pdftoppm: apt-get install poppler-utils")
    work = tmp_path_factory.mktemp("media")
    png = render_card_png(default_deck(), SCANNED_CARD, work / "card.png")
    return write_y4m(card_scene(png), work / "card.y4m")


@dataclass
class RequestLog:
    """Every URL any page asked for, to prove nothing leaves the app's own host."""

    urls: list[str] = field(default_factory=list)

    def foreign(self, host: str) -> list[str]:
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about", "chrome-extension"):
                continue
            if parts.netloc != host:
                out.append(url)
        return out


@pytest.fixture(scope="session")
def requests_seen() -> RequestLog:
    return RequestLog()


@contextmanager
def camera_browser(clip: Path) -> Iterator[object]:
    """Debian's Chromium, headless, whose camera plays ``clip`` (a Y4M file, looped)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium (scripts/test.sh does it)")
    from playwright.sync_api import sync_playwright

    flags = [*BASE_FLAGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-video-capture={clip}"]
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=flags)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def browser(card_video: Path):  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, with the card clip as its camera.

    Module scope, not session: Playwright's sync API keeps an event loop running while it is
    open, which would stop pytest-asyncio from running the async tests collected after these.
    """
    with camera_browser(card_video) as instance:
        yield instance


@pytest.fixture()
def new_context(browser, server: Server, requests_seen: RequestLog):  # type: ignore[no-untyped-def]
    """Make browser contexts (one per person/screen) that record their requests and page errors."""
    made = []
    errors: list[str] = []

    def make(width: int = 390, height: int = 844, mobile: bool = True, lang: str = "en-GB"):  # type: ignore[no-untyped-def]
        ctx = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=1, is_mobile=mobile, has_touch=mobile,
            locale=lang, permissions=["camera"], base_url=server.base,
        )
        ctx.on("request", lambda req: requests_seen.urls.append(req.url))
        ctx.on("weberror", lambda err: errors.append(str(err.error)))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()
    assert not errors, f"expected no uncaught page errors, got {errors}"
