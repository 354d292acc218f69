"""``assembler district``: write a city's own district file, or check one.

``assembler district new --name NAME --lat LAT --lon LON --country PT [-o FILE]`` writes a district
from the country's building typologies (EU TABULA/EPISCOPE, IWU Darmstadt) and climate normals
(from ``--weather FILE`` if given, else a zonal estimate marked as assumptions); see
:mod:`game_rules.typologies`. ``assembler district check FILE`` validates a district file and
names every wrong field with its allowed range; exit code 2 if anything is wrong.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path


def _number(kind: str, low: float, high: float):  # type: ignore[no-untyped-def]
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {kind} between {low} and {high}, got {text!r}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a {kind} between {low} and {high}, got {text!r}")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("district", help="write a new district file or check one",
                                   description="Write a city's own district file from typologies, or validate one.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    new = actions.add_parser("new", help="write a district file from a location and a country")
    new.add_argument("--name", required=True, help="district name, e.g. 'Porto Campanhã'")
    new.add_argument("--lat", required=True, type=_number("latitude [°]", -90, 90), help="latitude [°], south negative")
    new.add_argument("--lon", required=True, type=_number("longitude [°]", -180, 180), help="longitude [°], west negative")
    new.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code (typology row; unknown codes use the EU fallback)")
    new.add_argument("--altitude", type=_number("altitude [m]", -500, 6000), default=None,
                     help="altitude [m] (default: that of the nearest reference station within its radius, else 0)")
    new.add_argument("--timezone", default=None, help="IANA time zone (default: the country's, else from the longitude)")
    new.add_argument("--dwellings", type=int, default=2000, help="number of dwellings (default 2000)")
    new.add_argument("--period", default="1946-1980", help="construction period of the main stock (default 1946-1980)")
    new.add_argument("--weather", default=None, help="EPW or PVGIS TMY file: climate normals are taken from it")
    new.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: print)")
    new.set_defaults(func=run_new)
    check = actions.add_parser("check", help="validate a district file and name every wrong field")
    check.add_argument("file", type=Path, help="district YAML file")
    check.set_defaults(func=run_check)
    def usage(_: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(func=usage)


def run_new(args: argparse.Namespace) -> int:
    from game_rules.typologies import dump_district, new_district

    weather = str(Path(args.weather).resolve()) if args.weather else None
    mapping = new_district(args.name, args.lat, args.lon, args.country, dwellings=args.dwellings, period=args.period,
                           altitude_m=args.altitude, timezone=args.timezone, weather=weather)
    header = (f"# {args.name}: written by `assembler district new`. Replace every value listed under\n"
              "# `assumptions` (field: [plausible low, high]) with the city's own data where it has it.\n")
    text = dump_district(mapping, header)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} (district id {mapping['id']}); check it with: assembler district check {args.output}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from game_rules.district_check import check_district_text

    path: Path = args.file
    if not path.is_file():
        raise ValueError(f"district file {path} does not exist")
    # The same check the server runs on an uploaded district file (game_rules.district_check).
    result = check_district_text(path.read_text(encoding="utf-8"), path.name, base=path.resolve().parent)
    if result.district is None:
        print(f"{path.name}: {len(result.problems)} wrong field(s)", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem.line()}", file=sys.stderr)
        return 2
    district = result.district
    print(f"{path.name}: ok · {district.id} · {len(district.buildings)} building groups, {district.dwellings} dwellings · "
          f"PV {result.pv_yield or 0:,.0f} kWh/kWp·yr · regime {district.regime}")
    return 0
