"""The print-shop output: any of our PDFs converted to CMYK PDF/X-1a:2001 with an output intent.

Print shops refuse RGB files without an output intent: they cannot know which colours were
meant. PDF/X-1a (ISO 15930-1:2001, "blind exchange in CMYK") is the form print shops' prepress
checks accept most widely: PDF 1.3, every colour in DeviceCMYK or DeviceGray, no transparency, every font
embedded, a TrimBox on every page (the BleedBox, when present, around it and inside the
MediaBox), ``/Trapped`` set, ``/GTS_PDFXVersion (PDF/X-1:2001)`` and ``/GTS_PDFXConformance
(PDF/X-1a:2001)`` in the document information, and one ``/OutputIntents`` entry of subtype
``/GTS_PDFX`` naming the printing condition (``/OutputConditionIdentifier``), with the ICC
profile of that condition embedded as ``/DestOutputProfile`` when the name is not one of the
ICC registry's characterisations.

Ghostscript 10.0's ``pdfwrite`` writes PDF/X-3 (``-dPDFX``, checking boxes, fonts and the absence
of transparency) but not PDF/X-4. With ``-dCompatibilityLevel=1.3`` and
``-sColorConversionStrategy=CMYK`` it converts every RGB colour to DeviceCMYK through the output
profile (``-sOutputICCProfile``) and keeps DeviceGray, which leaves nothing PDF/X-1a forbids; the
prefix file below (Ghostscript's ``lib/PDFX_def.ps``, with the X-1a keys) writes the document
information and the output intent. Sources: ISO 15930-1:2001, "Graphic technology — Prepress
digital data exchange — Use of PDF — Part 1: Complete exchange using CMYK data (PDF/X-1 and
PDF/X-1a)"; Ghostscript documentation, "High Level Devices: PDF/X-3 file output"
(https://ghostscript.readthedocs.io/en/gs10.01.2/VectorDevices.html). Neutral colours reach
Ghostscript as DeviceGray (:mod:`printables.canvas`), so black type and QR codes print on the
black plate alone.

Offline, Ghostscript ships one CMYK output profile: ``default_cmyk.icc`` ("Artifex CMYK SWOP
Profile", a generic US web-offset-style CMYK). It is not a registered characterisation such as
FOGRA39 (ISO 12647-2 coated offset, profile "ISO Coated v2 (ECI)"), so by default the output
intent says ``Custom`` and embeds it; a print shop that names its condition gets its own profile
with :func:`output_condition`. The office default stays RGB. Needs the ``gs`` program (Debian
package ``ghostscript``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from printables.icc import IccError, read_profile

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"
PDF_VERSION = "1.3"
"""PDF/X-1a:2001 files are PDF 1.3 (ISO 15930-1:2001)."""
PRINT_SHOP_BLEED_MM = 3.0
"""Bleed the mat and posters get for a print shop [mm]: the figure print shops ask for."""
ICC_REGISTRY = "http://www.color.org"
"""Registry of characterised printing conditions (FOGRA39, CGATS TR 001, ...)."""

GS_PROFILE_DIRS = (Path("/usr/share/color/icc/ghostscript"),)
"""Where Debian's ghostscript installs its ICC profiles (the same files as its iccprofiles/)."""
DEFAULT_PROFILE = "default_cmyk.icc"
DEFAULT_CONDITION = (
    "Artifex CMYK SWOP Profile (Ghostscript default_cmyk.icc): generic CMYK, "
    "no registered printing condition; ask your print shop for theirs"
)

# Ghostscript says these when it gives up on PDF/X and writes an ordinary PDF instead.
_REVERTED = ("reverting to normal PDF output", "aborting conversion")


class PrintShopError(RuntimeError):
    """The print-shop conversion could not run (no Ghostscript, no or a wrong profile, a failed conversion)."""


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition the file is made for: a CMYK output ICC profile and its names.

    ``identifier`` is the condition's name in the ICC registry (e.g. ``FOGRA39``) or ``Custom``
    for one that is not registered; ``condition`` says in words what it is (default: the
    profile's own description)."""

    profile: Path
    identifier: str = "Custom"
    condition: str = ""


def output_condition(profile: Path, identifier: str = "Custom") -> OutputCondition:
    """The printing condition of the CMYK output profile at ``profile``, named ``identifier``.

    :raises PrintShopError: when the file is missing, is not an ICC profile, or is not a printer
        (``prtr``) profile for CMYK.
    """
    if not profile.is_file():
        raise PrintShopError(f"expected a CMYK ICC output profile at {profile}, found no file")
    try:
        facts = read_profile(profile.read_bytes())
    except IccError as exc:
        raise PrintShopError(f"{profile}: {exc}") from None
    if not facts.is_cmyk_output:
        raise PrintShopError(f"expected a CMYK output (printer) ICC profile at {profile}, "
                             f"got class {facts.device_class!r} for {facts.colour_space!r} ({facts.description})")
    named = identifier.strip() or "Custom"
    return OutputCondition(profile, named, f"{facts.description} ({named})" if named != "Custom" else facts.description)


def default_condition() -> OutputCondition:
    """Ghostscript's own CMYK profile as a ``Custom`` condition (the only one available offline).

    :raises PrintShopError: when Ghostscript's profiles are not installed.
    """
    for folder in GS_PROFILE_DIRS:
        path = folder / DEFAULT_PROFILE
        if path.is_file():
            return OutputCondition(path, "Custom", DEFAULT_CONDITION)
    raise PrintShopError(f"expected Ghostscript's {DEFAULT_PROFILE} (apt-get install ghostscript), found none; pass a CMYK profile")


def _ps_string(text: str) -> str:
    """A PostScript string literal: only printable ASCII, with (, ) and \\ escaped."""
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return "(" + ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdfx_prefix(title: str, condition: OutputCondition) -> str:
    """The PostScript Ghostscript reads before the document: document information and output intent."""
    described = condition.condition or condition.identifier
    return f"""%!
[ /GTS_PDFXVersion ({PDFX_VERSION}) /GTS_PDFXConformance ({PDFX_CONFORMANCE})
  /Title {_ps_string(title)} /Trapped /False /DOCINFO pdfmark
[/_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark
[{{icc_PDFX}} << /N 4 >> /PUT pdfmark
[{{icc_PDFX}} {_ps_string(str(condition.profile))} (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFX}} <<
  /Type /OutputIntent /S /GTS_PDFX
  /OutputCondition {_ps_string(described)}
  /Info {_ps_string(described)}
  /OutputConditionIdentifier {_ps_string(condition.identifier)}
  /RegistryName ({ICC_REGISTRY})
  /DestOutputProfile {{icc_PDFX}}
>> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFX}} ] >> /PUT pdfmark
"""


def _command(gs: str, work: Path, condition: OutputCondition) -> list[str]:
    return [gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", f"--permit-file-read={condition.profile}",
            "-sDEVICE=pdfwrite", "-dPDFX", f"-dCompatibilityLevel={PDF_VERSION}",
            "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
            f"-sOutputICCProfile={condition.profile}",
            "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dAutoRotatePages=/None",
            f"-sOutputFile={work / 'out.pdf'}", str(work / "pdfx_def.ps"), str(work / "in.pdf")]


def to_print_shop(pdf: bytes, title: str, condition: OutputCondition | None = None, timeout_s: float = 300.0) -> bytes:
    """``pdf`` (any PDF of this project, drawn without transparency) as CMYK PDF/X-1a:2001.

    :param title: the document title if ``pdf`` has none [text, ASCII kept]
    :param condition: output profile and printing condition (default: :func:`default_condition`)
    :raises PrintShopError: without ``gs`` or the profile, when Ghostscript fails or falls back
        to an ordinary PDF, or when the result lacks the PDF/X keys or the output intent.
    """
    gs = shutil.which("gs")
    if gs is None:
        raise PrintShopError("expected Ghostscript for the print-shop PDF (apt-get install ghostscript), found no 'gs'")
    condition = condition or default_condition()
    if not condition.profile.is_file():
        raise PrintShopError(f"expected a CMYK ICC profile at {condition.profile}, found none")
    with tempfile.TemporaryDirectory(prefix="pdfx-") as tmp:
        work = Path(tmp)
        (work / "in.pdf").write_bytes(pdf)
        (work / "pdfx_def.ps").write_text(pdfx_prefix(title, condition), encoding="ascii")
        done = subprocess.run(_command(gs, work, condition), capture_output=True, timeout=timeout_s, check=False)
        said = (done.stdout + done.stderr).decode(errors="replace")
        out = work / "out.pdf"
        if done.returncode != 0 or not out.is_file():
            raise PrintShopError(f"Ghostscript could not make the PDF/X file (exit {done.returncode}): {said[-400:]}")
        if any(phrase in said for phrase in _REVERTED):
            raise PrintShopError(f"expected a PDF/X file, Ghostscript fell back to an ordinary PDF: {said[-400:]}")
        data = out.read_bytes()
    # PDF 1.3 has no object streams, so the catalog and the document information are plain text.
    missing = [key for key in (f"%PDF-{PDF_VERSION}", "/OutputIntents", "/DestOutputProfile", f"({PDFX_CONFORMANCE})")
               if key.encode() not in data]
    if missing:
        raise PrintShopError(f"expected a PDF/X-1a file with {missing}, Ghostscript wrote one without")
    return data
