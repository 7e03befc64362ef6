"""`python -m allywatch` runs the command line."""

from allywatch.cli import cli

cli()
