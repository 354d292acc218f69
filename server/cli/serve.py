"""``assembler serve``: run the live game server (HTTP, WebSocket, the screens).

Defaults need nothing else: SQLite in ``./assembler.sqlite`` and in-process fan-out. Past one
machine: ``--database-url postgresql://...`` and ``--redis-url redis://...`` with ``--workers N``.
Phones allow the camera only over HTTPS (or on localhost): ``--self-signed`` makes a certificate
for this machine's addresses, or pass ``--tls-cert``/``--tls-key``.
"""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help="run the live workshop server",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all, so phones on the Wi-Fi reach it)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="sqlite:///path or postgresql://user@host/db (default: sqlite:///assembler.sqlite; env DATABASE_URL)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"),
                        help="redis://host:6379/0 for fan-out between workers (env REDIS_URL)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (more than 1 needs --redis-url)")
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate for HTTPS")
    parser.add_argument("--tls-key", type=Path, help="PEM private key for HTTPS")
    parser.add_argument("--self-signed", action="store_true", help="make a self-signed certificate for this machine")
    parser.add_argument("--demo", action="store_true", help="seed a demo workshop with two tables already played")
    parser.add_argument("--admin-token", default=os.environ.get("ASSEMBLER_ADMIN_TOKEN"),
                        help="require this token to create workshops (env ASSEMBLER_ADMIN_TOKEN)")
    parser.add_argument("--public-url", default=os.environ.get("ASSEMBLER_PUBLIC_URL"),
                        help="base of the links handed out, e.g. https://assembler.city.eu (behind a proxy)")
    parser.add_argument("--proxy", action="store_true", help="trust X-Forwarded-* headers (behind a reverse proxy)")
    parser.set_defaults(func=run)


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses others on the network can reach (best effort, no traffic sent)."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routes are looked up, nothing is sent
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not a.startswith("127.")]


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for an address only this computer reaches (localhost, 127.x.x.x, ::1)."""
    return host.lower() in LOOPBACK_HOSTS or host.startswith("127.")


def public_base(scheme: str, host: str, port: int, public_url: str | None, lan: list[str]) -> str | None:
    """The base of every link a phone opens (join links, posters, deck QR codes, projector QR).

    ``--public-url`` wins; a server listening on every interface uses its first LAN address;
    one bound to a single non-loopback address uses it. None when only this computer can
    reach the server: links then follow the address the console was opened with, and the
    console warns that phones cannot open them."""
    if public_url:
        return public_url.rstrip("/")
    if host in ("0.0.0.0", "::"):
        return f"{scheme}://{lan[0]}:{port}" if lan else None
    return None if is_loopback(host) else f"{scheme}://{host}:{port}"


def _check(args: argparse.Namespace) -> None:
    from server.cli import UserError

    if args.workers < 1:
        raise UserError(f"expected --workers of 1 or more, got {args.workers}")
    if args.workers > 1 and not args.redis_url:
        raise UserError("expected --redis-url with --workers above 1: workers share plays through Redis")
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UserError("expected both --tls-cert and --tls-key, got only one")
    if args.self_signed and args.tls_cert:
        raise UserError("expected either --self-signed or --tls-cert/--tls-key, got both")
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            raise UserError(f"expected a PEM file at {path}, found none")
    if args.public_url:
        from urllib.parse import urlsplit

        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(f"expected --public-url like https://assembler.city.eu or http://192.168.1.20:8000, got {args.public_url!r}")


def _environment(args: argparse.Namespace, public: str | None) -> dict[str, str]:
    env = {
        "ASSEMBLER_DATABASE_URL": args.database_url or "sqlite:///assembler.sqlite",
        "ASSEMBLER_REDIS_URL": args.redis_url or "",
        "ASSEMBLER_ADMIN_TOKEN": args.admin_token or "",
        "ASSEMBLER_PUBLIC_URL": public or "",
        "ASSEMBLER_WORKERS": str(args.workers),
        "ASSEMBLER_MIGRATE": "0",  # migrated once below, before any worker starts
        "ASSEMBLER_DEMO": "0",
    }
    os.environ.update(env)
    return env


def run(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from server.store import Store

    _check(args)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    scheme = "https" if (args.tls_cert or args.self_signed) else "http"
    lan = lan_addresses()
    public = public_base(scheme, args.host, args.port, args.public_url, lan)
    env = _environment(args, public)
    store = Store(env["ASSEMBLER_DATABASE_URL"])
    store.migrate()
    store.dispose()
    cert, key = args.tls_cert, args.tls_key
    if args.self_signed:
        from server.tls import self_signed_certificate

        cert, key = self_signed_certificate(Path(".assembler-tls"), ["localhost", *lan])
    if args.demo:
        local = "localhost" if args.host in ("0.0.0.0", "::") else args.host
        _seed_demo(public or f"{scheme}://{local}:{args.port}")
    _print_urls(scheme, args, lan, public)
    uvicorn.run(
        "server.app:create_app_from_env", factory=True, host=args.host, port=args.port, workers=args.workers,
        ssl_certfile=str(cert) if cert else None, ssl_keyfile=str(key) if key else None,
        ws_max_size=16 * 1024, ws_ping_interval=20, ws_ping_timeout=20, timeout_graceful_shutdown=10,
        proxy_headers=args.proxy, forwarded_allow_ips="*" if args.proxy else None, log_level="info",
    )
    return 0


def _seed_demo(base: str) -> None:
    import asyncio

    from server.app import Settings, create_app

    async def seed() -> None:
        from server.demo import seed_demo

        app = create_app(Settings.from_env())
        await app.state.live.hub.start()
        try:
            _wid, token = await seed_demo(app.state.api, app.state.live)
            print(f"Demo workshop ready. Facilitator console: {base}/f/{token}")
        finally:
            await app.state.live.hub.stop()
            await app.state.live.close()

    asyncio.run(seed())


def _print_urls(scheme: str, args: argparse.Namespace, lan: list[str], public: str | None) -> None:
    """Print the addresses phones can reach first; localhost last, marked as this computer only."""
    wildcard = args.host in ("0.0.0.0", "::")
    reachable = ([public] if public else []) + [f"{scheme}://{a}:{args.port}" for a in (lan if wildcard else [])]
    print("Assembler is starting. Open the console at an address the phones can reach:")
    for url in dict.fromkeys(reachable):
        print(f"  {url}/")
    if wildcard or is_loopback(args.host):
        local = "localhost" if wildcard else args.host
        print(f"  {scheme}://{local}:{args.port}/   (this computer only: phones cannot open it)")
    if public is None:
        print("WARNING: no address phones can reach was found. Join links, posters and the deck's QR "
              "codes will point to this computer only. Connect to the room's Wi-Fi or pass "
              f"--public-url http://<this computer's address>:{args.port}")
    else:
        print(f"Links on posters, deck QR codes and the projector start with {public}/")
    if scheme == "http":
        print("Phones allow the in-page camera only over HTTPS. Either add --self-signed (each phone "
              "shows a certificate warning once; accept it to continue), or --tls-cert/--tls-key with a "
              "certificate phones trust, or let participants scan the printed cards with their own "
              "camera app: the card links open over HTTP.")
