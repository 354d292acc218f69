"""A self-signed certificate for a workshop room (``assembler serve --self-signed``).

Phone browsers enable the camera only in a secure context; on a venue's Wi-Fi there is no domain
name, so the server makes a certificate for ``localhost`` and its LAN addresses. Participants
accept the browser's warning once (docs/deploy.md explains the steps). The key stays on disk
beside the working directory and is reused while the addresses do not change.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from pathlib import Path

VALID_DAYS = 30


def self_signed_certificate(directory: Path, names: list[str]) -> tuple[Path, Path]:
    """``(cert.pem, key.pem)`` for ``names`` (host names or IP addresses), made or reused."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path, names_path = directory / "cert.pem", directory / "key.pem", directory / "names.json"
    fresh = cert_path.is_file() and key_path.is_file() and names_path.is_file()
    if fresh and json.loads(names_path.read_text()) == names:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        if cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
            return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PCED Assembler (workshop)")])
    alt: list[x509.GeneralName] = []
    for name in names:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alt.append(x509.DNSName(name))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    names_path.write_text(json.dumps(names))
    return cert_path, key_path
