"""``python -m server.cli`` runs the ``assembler`` command (useful without the console script)."""

import sys

from server.cli import main

sys.exit(main())
