#!/usr/bin/env bash
# Install everything the tests need, then lint, type-check and run the whole suite.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "scripts/test.sh: expected Python 3.11 or newer as '$PYTHON'; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

# 1. Python dependencies, pinned in pyproject.toml, into a project-local virtual environment.
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

# 2. System programs the tests use for real: Chromium (browser tests), poppler (PDF -> PNG),
#    PostgreSQL and Redis binaries (scale-out tests start throwaway instances when none runs).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)  # print-shop PDF/X (printables/print_shop.py)
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: the tests need these Debian packages: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# 3. Lint, types (strict for cards/ and game_rules/, see pyproject.toml), then the suite.
.venv/bin/ruff check .
.venv/bin/mypy cards game_rules printables server
# One worker per core (pytest-xdist -n auto); a test file stays on
# one worker so its module fixtures are built once. PYTEST_WORKERS=0 runs in one process.
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@"
