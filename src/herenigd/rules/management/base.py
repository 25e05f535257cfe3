"""Shared parts of the rule commands: --as-of parsing, family lookup, JSON or table output."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.models import Action
from herenigd.audit.services import audit_record, operator
from herenigd.clock import parse_as_of
from herenigd.families.selectors import family_get_by_reference


class FamilyRuleCommand(BaseCommand):
    """`herenigd <command> --municipality CODE --family REF [--as-of DATE] [--json]`."""

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, metavar="CODE")
        parser.add_argument("--family", required=True, metavar="REF")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Evaluation date; default today.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--language", choices=["nl", "en"], default="nl", help="Language of the reasons."
        )

    def handle(self, *args, municipality, family, as_of, language, **options):
        as_of_date = parse_as_of(as_of)
        found = family_get_by_reference(municipality_code=municipality, reference=family)
        if found is None:
            raise CommandError(f"No family {family!r} in municipality {municipality!r}.")
        rows = self.rows(found, as_of_date, language)
        audit_record(
            actor=operator(),
            action=Action.READ,
            family_id=found.pk,
            category="procedure,household",
            detail=self.audit_detail,
        )
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.write_table(rows)

    def rows(self, family, as_of: datetime.date, language: str) -> list[dict]:
        raise NotImplementedError

    columns: tuple[str, ...] = ()
    audit_detail = ""

    def write_table(self, rows: list[dict]) -> None:
        if not rows:
            self.stdout.write("(none)")
            return
        cells = [[str(row[c]) if row[c] is not None else "-" for c in self.columns] for row in rows]
        widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(self.columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)))
        for row in cells:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
