"""`python -m toolkit` runs the command line."""

from toolkit.cli import main

main(prog_name="toolkit")
