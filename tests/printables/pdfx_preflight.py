"""A PDF/X-1a:2001 preflight for the tests: reads a PDF back and lists what breaks the standard.

A plain module (not conftest) so test files import it by name; pytest puts this folder on sys.path.

What is checked, from ISO 15930-1:2001 (PDF/X-1a) as Ghostscript's documentation ("High Level
Devices: PDF/X-3 file output", https://ghostscript.readthedocs.io/en/gs10.01.2/VectorDevices.html)
and the PDF Reference 1.3 (Adobe, 2000: 9.10 "Page boundaries", 4.5 "Colour spaces", 7 "Transparency"
came only in PDF 1.4) describe it:
- a PDF 1.3 header, ``/GTS_PDFXVersion (PDF/X-1:2001)``, ``/GTS_PDFXConformance (PDF/X-1a:2001)``,
  ``/Title``, ``/CreationDate``, ``/ModDate`` and ``/Trapped /True|/False`` in the document
  information, an ``/ID`` in the trailer, no encryption;
- exactly one ``/OutputIntents`` entry of subtype ``/GTS_PDFX`` with an
  ``/OutputConditionIdentifier``, and its ``/DestOutputProfile``: an embedded ICC output profile
  for CMYK (required for ``Custom``; we require it always);
- on every page a TrimBox (and no ArtBox), the BleedBox around the TrimBox and inside the MediaBox;
- every font embedded (FontFile, FontFile2 or FontFile3; Type 3 fonts are drawn, not embedded);
- colour only in DeviceCMYK or DeviceGray (no ``rg``/``RG``, no DeviceRGB, CalRGB, CalGray, Lab or
  ICCBased colour space, no such image), and no transparency (soft masks, constant alpha < 1,
  blend modes other than Normal).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, IndirectObject

from printables.icc import read_profile

ALLOWED_SPACES = {"/DeviceCMYK", "/DeviceGray", "/Pattern"}
FORBIDDEN_OPERATORS = {b"rg", b"RG"}
TOL = 0.01
"""Box comparison tolerance [pt]."""


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _inside(inner: Any, outer: Any) -> bool:
    a = [float(v) for v in inner]
    b = [float(v) for v in outer]
    return a[0] >= b[0] - TOL and a[1] >= b[1] - TOL and a[2] <= b[2] + TOL and a[3] <= b[3] + TOL


def _space_name(space: Any) -> str:
    space = _resolve(space)
    if isinstance(space, list) and space:
        return str(_resolve(space[0]))
    return str(space)


def _check_resources(resources: Any, where: str, problems: list[str], seen: set[int], reader: PdfReader) -> None:
    resources = _resolve(resources) or {}
    for name, space in (_resolve(resources.get("/ColorSpace")) or {}).items():
        kind = _space_name(space)
        if kind in ("/Separation", "/DeviceN", "/Indexed"):
            base = _resolve(space)[2 if kind != "/Indexed" else 1]
            kind = _space_name(base)
        if kind not in ALLOWED_SPACES:
            problems.append(f"{where}: colour space {name} is {kind}, not DeviceCMYK or DeviceGray")
    for name, state in (_resolve(resources.get("/ExtGState")) or {}).items():
        state = _resolve(state)
        if str(state.get("/SMask", "/None")) != "/None":
            problems.append(f"{where}: graphics state {name} has a soft mask (transparency)")
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) < 1:
                problems.append(f"{where}: graphics state {name} has {key} {state[key]} (transparency)")
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            problems.append(f"{where}: graphics state {name} has blend mode {state['/BM']} (transparency)")
    for name, font in (_resolve(resources.get("/Font")) or {}).items():
        _check_font(_resolve(font), f"{where} font {name}", problems)
    for name, ref in (_resolve(resources.get("/XObject")) or {}).items():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            continue
        seen.add(key)
        xobject = _resolve(ref)
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Image":
            if "/SMask" in xobject:
                problems.append(f"{where}: image {name} has a soft mask (transparency)")
            if not xobject.get("/ImageMask", False) and _space_name(xobject.get("/ColorSpace")) not in ALLOWED_SPACES:
                problems.append(f"{where}: image {name} is in {_space_name(xobject.get('/ColorSpace'))}")
        elif subtype == "/Form":
            if "/Group" in xobject:
                problems.append(f"{where}: form {name} is a transparency group")
            _check_content(xobject, f"{where} form {name}", problems, reader)
            _check_resources(xobject.get("/Resources"), f"{where} form {name}", problems, seen, reader)


def _check_font(font: Any, where: str, problems: list[str]) -> None:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return
    if subtype == "/Type0":
        for descendant in _resolve(font["/DescendantFonts"]):
            _check_font(_resolve(descendant), where, problems)
        return
    descriptor = _resolve(font.get("/FontDescriptor"))
    if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
        problems.append(f"{where} ({font.get('/BaseFont')}) is not embedded")


def _check_content(stream_owner: Any, where: str, problems: list[str], reader: PdfReader) -> None:
    content = stream_owner.get_contents() if hasattr(stream_owner, "get_contents") else stream_owner
    if content is None:
        return
    for operands, operator in ContentStream(content, reader).operations:
        if operator in FORBIDDEN_OPERATORS:
            problems.append(f"{where}: DeviceRGB colour operator {operator.decode()} {[float(v) for v in operands]}")
        elif operator in (b"cs", b"CS") and str(operands[0]) not in ALLOWED_SPACES:
            problems.append(f"{where}: selects colour space {operands[0]}")  # named: checked in resources
        elif operator == b"BI":
            problems.append(f"{where}: inline image (not expected in our PDFs)")


def _check_intent(reader: PdfReader, problems: list[str]) -> None:
    intents = _resolve(reader.trailer["/Root"].get("/OutputIntents"))
    pdfx = [_resolve(i) for i in intents or [] if str(_resolve(i).get("/S")) == "/GTS_PDFX"]
    if len(pdfx) != 1:
        problems.append(f"expected one /OutputIntents entry of subtype /GTS_PDFX, got {len(pdfx)}")
        return
    intent = pdfx[0]
    if not str(intent.get("/OutputConditionIdentifier", "")).strip():
        problems.append("output intent without /OutputConditionIdentifier")
    if "/DestOutputProfile" not in intent:
        problems.append("output intent without an embedded /DestOutputProfile")
        return
    stream = _resolve(intent["/DestOutputProfile"])
    profile = read_profile(stream.get_data())
    if not profile.is_cmyk_output or int(stream.get("/N", 0)) != 4:
        problems.append(f"output intent profile is {profile.device_class}/{profile.colour_space} with /N {stream.get('/N')}, not a CMYK output profile")


def pdfx_problems(pdf: bytes) -> list[str]:
    """Everything in ``pdf`` that breaks PDF/X-1a:2001 as listed in the module docstring; [] when none."""
    problems: list[str] = []
    if not pdf.startswith(b"%PDF-1.3"):
        problems.append(f"expected a PDF 1.3 header, got {pdf[:8]!r}")
    reader = PdfReader(BytesIO(pdf))
    if reader.is_encrypted:
        problems.append("encrypted")
    info = _resolve(reader.trailer.get("/Info")) or {}
    expected = {"/GTS_PDFXVersion": "PDF/X-1:2001", "/GTS_PDFXConformance": "PDF/X-1a:2001"}
    for key, value in expected.items():
        if info.get(key) != value:
            problems.append(f"document information {key}: expected {value!r}, got {info.get(key)!r}")
    if str(info.get("/Trapped")) not in ("/True", "/False"):
        problems.append(f"document information /Trapped: expected /True or /False, got {info.get('/Trapped')!r}")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not info.get(key):
            problems.append(f"document information without {key}")
    if "/ID" not in reader.trailer:
        problems.append("trailer without /ID")
    _check_intent(reader, problems)
    seen: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        where = f"page {number}"
        if "/TrimBox" not in page or "/ArtBox" in page:
            problems.append(f"{where}: expected a TrimBox and no ArtBox, got {sorted(k for k in page if k.endswith('Box'))}")
            continue
        if not _inside(page.trimbox, page.bleedbox) or not _inside(page.bleedbox, page.mediabox):
            problems.append(f"{where}: expected TrimBox {list(page.trimbox)} inside BleedBox {list(page.bleedbox)} inside MediaBox {list(page.mediabox)}")
        _check_content(page, where, problems, reader)
        _check_resources(page.get("/Resources"), where, problems, seen, reader)
    return problems
