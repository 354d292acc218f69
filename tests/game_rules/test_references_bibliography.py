"""A sceptical reader can follow every bibliography entry (issue #11, point 6).

Structural checks on ``game_rules/data/references/*.yaml`` that the loader's schema does not
make: one entry per cited page, addresses that show the publisher, years that are not after
the reading date, and secondary sources that name their primary or say none was found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from game_rules.references import load

#: Hosts whose pages were read over plain http (no https copy in our sources); every other
#: reference must be cited at an https address.
HTTP_ONLY_HOSTS = frozenset({"episcope.eu", "www.iwu.de", "bosy-online.de", "www.jurop.org"})

#: URL shorteners hide the publisher from the reader; staging or CDN hosts are not the page
#: the publisher serves.
HIDDEN_HOSTS = re.compile(r"(^|\.)(t1p\.de|bit\.ly|tinyurl\.com|goo\.gl|t\.co)$|staging|arc-cdn\.net")

#: How a secondary entry says that no primary source could be found.
NO_PRIMARY = re.compile(r"\bno\b[^.;]*\bfound\b|not in our sources|no [^.;]* in our sources", re.IGNORECASE)


def test_no_page_is_listed_twice_under_different_ids() -> None:
    """Two ids with the same address and the same title are one source listed twice (the CRE's
    S21 tariff letter was entered as cre-s21-2025-q1 and cre-s21-tarifs-2025); a page cited
    for different figures keeps one entry per figure only with a title naming the part."""
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ref in load().values():
        seen[(ref.url.rstrip("/"), ref.title)].append(ref.id)
    duplicates = {key: ids for key, ids in seen.items() if len(ids) > 1}
    assert not duplicates, duplicates


def test_every_address_is_https_and_shows_the_publisher() -> None:
    """A reader must see whose page it is: no URL shortener (the DWD normals were cited as
    t1p.de/mgo3), no staging or CDN host (Le Moniteur was cited on its arc-cdn staging host),
    and https unless the host was only read over http (listed in HTTP_ONLY_HOSTS)."""
    for ref in load().values():
        parts = urlsplit(ref.url)
        assert parts.hostname, (ref.id, ref.url)
        assert not HIDDEN_HOSTS.search(parts.hostname), (ref.id, ref.url)
        assert parts.scheme == "https" or parts.hostname in HTTP_ONLY_HOSTS, (ref.id, ref.url)


def test_no_reference_is_dated_after_it_was_read() -> None:
    """The year is the publication year (estimated ones say so in ``supports``), so it cannot
    come after the date the page was read."""
    for ref in load().values():
        assert ref.year <= ref.accessed.year, (ref.id, ref.year, ref.accessed)


def test_every_secondary_source_names_its_primary_or_says_none_was_found() -> None:
    """An entry marked 'Secondary source' cites the primary beside it by id (e.g. the EEG rate
    tables name bnetza-eeg-foerdersaetze) or states that no primary was found, so the reader
    knows where the figure comes from."""
    refs = load()
    secondary = [ref for ref in refs.values() if "Secondary source" in ref.supports]
    assert len(secondary) >= 10
    for ref in secondary:
        named = [other for other in refs if other != ref.id and re.search(rf"\b{re.escape(other)}\b", ref.supports)]
        assert named or NO_PRIMARY.search(ref.supports), (ref.id, ref.supports)
