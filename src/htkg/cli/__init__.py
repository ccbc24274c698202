"""The ``htkg`` command: shared options, one module per subcommand, imported lazily."""
