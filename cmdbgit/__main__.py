"""``python -m cmdbgit``."""

from cmdbgit.cli.main import main

main()
