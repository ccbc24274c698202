"""``python -m htkg`` runs the CLI."""

import sys

from htkg.cli import main

sys.exit(main())
