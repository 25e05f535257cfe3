"""The `herenigd` console script: Django's management entry point plus the product's commands.

Product commands are spelled with hyphens (`herenigd import-bundle`); Django module names use
underscores, so the first argument is translated.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herenigd.settings")
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    from herenigd.audit.context import set_via

    set_via("cli")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
