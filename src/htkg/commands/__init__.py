"""One module per ``htkg`` subcommand; each defines ``register(subparsers)``."""
