"""`herenigd municipality load | add CODE NAME | list [--json]` (docs/operations.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.services import operator
from herenigd.organisations.models import Municipality
from herenigd.organisations.services import (
    MunicipalityError,
    municipalities_load,
    municipality_add,
    reference_list,
)


class Command(BaseCommand):
    help = (
        "Municipalities (the tenants): load the shipped CBS reference list, add one by its "
        "four-digit CBS code, or list the known ones."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="Add the municipalities of the shipped reference list.")
        add = actions.add_parser("add", help="Add one municipality (idempotent).")
        add.add_argument("code", help="CBS municipality code, four digits (e.g. 0268).")
        add.add_argument("name", help="Name as in the CBS list (e.g. Nijmegen).")
        listing = actions.add_parser("list", help="List the known municipalities.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, action, **options):
        if action == "load":
            self._load()
        elif action == "add":
            self._add(options["code"], options["name"])
        else:
            self._list(as_json=options["json"])

    def _load(self):
        data = reference_list()
        added = municipalities_load(actor=operator())
        created = sum(1 for a in added if a.created)
        self.stdout.write(
            f"{data['title']}: {created} added, {len(added) - created} already present."
        )

    def _add(self, code, name):
        try:
            result = municipality_add(code=code, name=name, actor=operator())
        except MunicipalityError as error:
            raise CommandError(str(error)) from error
        verb = "added" if result.created else "already present"
        self.stdout.write(f"{result.municipality}: {verb}.")

    def _list(self, *, as_json):
        rows = list(Municipality.objects.order_by("code").values("code", "name"))
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['code']}  {row['name']}")
