"""Run the `avi` command line as `python -m avitools`."""

from avitools.cli import main

main()
