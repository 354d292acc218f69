"""The self-signed certificate a room's laptop makes for phones (``--self-signed``)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from cryptography import x509

from server.tls import self_signed_certificate


def test_certificate_names_the_laptop_and_is_reused(tmp_path: Path) -> None:
    cert_path, key_path = self_signed_certificate(tmp_path, ["localhost", "192.168.1.23"])
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("192.168.1.23")]
    assert key_path.stat().st_mode & 0o077 == 0
    first = cert_path.read_bytes()
    again, _ = self_signed_certificate(tmp_path, ["localhost", "192.168.1.23"])
    assert again.read_bytes() == first
    moved, _ = self_signed_certificate(tmp_path, ["localhost", "10.0.0.5"])
    assert moved.read_bytes() != first
