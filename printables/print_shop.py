"""The print-shop output: any of our PDFs converted to CMYK PDF/X-3 with an output intent.

Print shops refuse RGB files without an output intent: they cannot know which colours were
meant. Ghostscript's ``pdfwrite`` converts every colour to DeviceCMYK through an ICC output
profile and, with ``-dPDFX``, writes a PDF/X-3:2002 file (ISO 15930-3): an ``/OutputIntents``
entry of subtype ``GTS_PDFX`` embedding that profile, ``/GTS_PDFXVersion`` in the document
information, ``/Trapped /False``, every font embedded and the TrimBox/BleedBox of each page kept
(see Ghostscript's *VectorDevices* documentation, "PDF/X"). The office default stays RGB.

The profile defaults to Ghostscript's own ``default_cmyk.icc``; a print shop that names its
printing condition (e.g. FOGRA39 for coated offset, ISO 12647-2) gets its own profile with
``profile=`` and ``condition=``. Needs the ``gs`` program (Debian package ``ghostscript``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

GS_PROFILE_DIRS = (Path("/usr/share/color/icc/ghostscript"),)
"""Where Debian's ghostscript installs its ICC profiles."""


class PrintShopError(RuntimeError):
    """The print-shop conversion could not run (no Ghostscript, no profile, a failed conversion)."""


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition the file is made for: an ICC output profile [CMYK] and its name.

    ``identifier`` is the characterised printing condition's name in the ICC registry
    (http://www.color.org, e.g. ``FOGRA39``) or ``Custom`` for a profile that is not registered."""

    profile: Path
    identifier: str = "Custom"
    description: str = "CMYK output profile of Ghostscript (default_cmyk.icc); ask your print shop for theirs"


def default_condition() -> OutputCondition:
    for folder in GS_PROFILE_DIRS:
        path = folder / "default_cmyk.icc"
        if path.is_file():
            return OutputCondition(profile=path)
    raise PrintShopError("expected Ghostscript's default_cmyk.icc (apt-get install ghostscript), found none; pass a CMYK profile")


def _ps_string(text: str) -> str:
    """A PostScript string literal: only printable ASCII, with (, ) and \\ escaped."""
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return "(" + ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _pdfx_def(title: str, condition: OutputCondition) -> str:
    """The PDF/X definition Ghostscript reads before the document (from its lib/PDFX_def.ps)."""
    return f"""%!
[ /GTS_PDFXVersion (PDF/X-3:2002) /Title {_ps_string(title)} /Trapped /False /DOCINFO pdfmark
[/_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark
[{{icc_PDFX}} << /N 4 >> /PUT pdfmark
[{{icc_PDFX}} {_ps_string(str(condition.profile))} (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFX}} <<
  /Type /OutputIntent /S /GTS_PDFX
  /OutputCondition {_ps_string(condition.description)}
  /Info {_ps_string(condition.description)}
  /OutputConditionIdentifier {_ps_string(condition.identifier)}
  /RegistryName (http://www.color.org)
  /DestOutputProfile {{icc_PDFX}}
>> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFX}} ] >> /PUT pdfmark
"""


def to_print_shop(pdf: bytes, title: str, condition: OutputCondition | None = None, timeout_s: float = 300.0) -> bytes:
    """``pdf`` (any PDF of this project) as CMYK PDF/X-3 for a print shop.

    :param title: the document title written into the file [text, ASCII kept]
    :param condition: output profile and printing condition (default: :func:`default_condition`)
    :raises PrintShopError: without ``gs``, without the profile, or when Ghostscript fails.
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
        (work / "pdfx_def.ps").write_text(_pdfx_def(title, condition), encoding="ascii")
        cmd = [gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", f"--permit-file-read={condition.profile}",
               "-sDEVICE=pdfwrite", "-dPDFX", "-dCompatibilityLevel=1.4", "-sColorConversionStrategy=CMYK",
               "-sProcessColorModel=DeviceCMYK", f"-sOutputICCProfile={condition.profile}",
               "-dEmbedAllFonts=true", "-dSubsetFonts=true", "-dAutoRotatePages=/None",
               f"-sOutputFile={work / 'out.pdf'}", str(work / "pdfx_def.ps"), str(work / "in.pdf")]
        done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
        out = work / "out.pdf"
        if done.returncode != 0 or not out.is_file():
            raise PrintShopError(f"Ghostscript could not make the PDF/X file (exit {done.returncode}): "
                                 f"{done.stderr.decode(errors='replace')[-400:]}")
        return out.read_bytes()
