"""``python -m htkg`` runs the CLI."""

import sys

from htkg.cli.main import main

sys.exit(main())
