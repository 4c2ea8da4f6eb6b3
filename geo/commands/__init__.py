"""Subcommands of ``python -m geo``, one module per area."""
