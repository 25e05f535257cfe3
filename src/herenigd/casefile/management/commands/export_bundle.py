"""`herenigd export-bundle --municipality CODE --family REF [--output FILE]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.models import Action
from herenigd.audit.services import audit_record, operator
from herenigd.casefile.bundles import family_export_bundle
from herenigd.families.selectors import family_get_by_reference


class Command(BaseCommand):
    help = "Export one family as a case bundle (herenigd.case-bundle/1)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, metavar="CODE")
        parser.add_argument("--family", required=True, metavar="REF")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")

    def handle(self, *args, municipality, family, output, **options):
        found = family_get_by_reference(municipality_code=municipality, reference=family)
        if found is None:
            raise CommandError(f"No family {family!r} in municipality {municipality!r}.")
        bundle = family_export_bundle(family=found)
        audit_record(actor=operator(), action=Action.EXPORT, family_id=found.pk, category="bundle")
        text = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{output}: cannot write file: {exc.strerror}") from None
        else:
            self.stdout.write(text, ending="")
