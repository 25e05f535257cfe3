"""`herenigd import-bundle FILE [FILE…]`: import case bundles, atomically per file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.services import operator
from herenigd.families.bundles import BundleError, family_import_bundle, parse_bundle_text


class Command(BaseCommand):
    help = "Import case bundles (herenigd.case-bundle/1); each file atomically, idempotently."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        failed = 0
        for name in files:
            try:
                text = Path(name).read_text(encoding="utf-8")
                result = family_import_bundle(data=parse_bundle_text(text), actor=operator())
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{name}: cannot read file: {exc.strerror}")
            except UnicodeDecodeError:
                failed += 1
                self.stderr.write(f"{name}: $: not UTF-8 text")
            except BundleError as exc:
                failed += 1
                for issue in exc.issues:
                    self.stderr.write(f"{name}: {issue}")
            else:
                state = (
                    "created" if result.created else ("replaced" if result.changed else "unchanged")
                )
                self.stdout.write(
                    f"{name}: {result.family.municipality.code}/{result.family.reference} {state}"
                )
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} file(s) refused; nothing written for them."
            )
