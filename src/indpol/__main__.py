"""``python -m indpol``: the command line."""

from indpol.cli import main

main()
