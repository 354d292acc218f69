"""``assembler cards`` as a user runs it: a real subprocess of the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cards.codes import parse_payload
from cards.deck import default_deck
from catalogs import languages

ASSEMBLER = Path(sys.executable).with_name("assembler")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ASSEMBLER), *args], capture_output=True, text=True, timeout=120, check=False)


def test_cards_json_lists_the_whole_deck_with_payloads_that_parse_back() -> None:
    result = run("cards", "--json", "--lang", "fr", "--base-url", "http://192.168.0.2:8000")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    deck = default_deck()
    assert len(rows) == len(deck) >= 96
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["code"] for r in rows}) == len(rows)
    for row in rows:
        card = parse_payload(deck, row["payload"]).card
        assert card.id == row["id"]
        assert row["title"] == card.text.fr.title
        assert set(row["texts"]) == set(languages())
        assert row["payload"].startswith("HTTP://192.168.0.2:8000/C/")


def test_cards_table_is_readable() -> None:
    result = run("cards", "--lang", "de")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"{len(default_deck())} cards")
    assert default_deck().get("GOV-01").text.de.title in result.stdout


def test_help_explains_every_subcommand() -> None:
    top = run("--help")
    assert top.returncode == 0
    commands = [c for c in ("serve", "cards", "deck", "mat", "poster", "scan", "assess", "report") if f"    {c}" in top.stdout]
    assert "cards" in commands
    for command in commands:
        sub = run(command, "--help")
        assert sub.returncode == 0, (command, sub.stderr)
        assert "usage: assembler " + command in sub.stdout


@pytest.mark.parametrize("args", [("cards", "--lang", "it"), ("cards", "--base-url", "ftp://x y")])
def test_bad_options_give_one_line_not_a_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr


def test_check_names_card_field_and_language_of_a_missing_text(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A card whose hook is missing from one language's cards catalog fails ``cards --check``
    with the card, the field and the language named, and no stack trace."""
    import cards.deck
    from catalogs import entries
    from server.cli.cards_cmd import check

    assert check() == 0
    last = languages()[-1]

    def without_hook(lang: str, domain: str = "messages") -> dict[str, object]:
        found = dict(entries(lang, domain))
        if lang == last and domain == "cards":
            found.pop("ROLE-01|hook")
        return found

    monkeypatch.setattr(cards.deck, "entries", without_hook)
    assert check() == 1
    err = capsys.readouterr().err
    assert f"card ROLE-01: field hook missing in language {last}" in err and "Traceback" not in err
