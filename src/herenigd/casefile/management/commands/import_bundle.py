"""`herenigd import-bundle FILE [FILE…]`: import case bundles, atomically per file.

A re-import keeps what is stored (see `family_import_bundle`): changed events become corrections
with their earlier version kept, events and contacts the bundle lacks stay, and a member missing
from the bundle is refused unless `--allow-member-removal` is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.services import operator
from herenigd.casefile.bundles import BundleError, family_import_bundle, parse_bundle_text


class Command(BaseCommand):
    help = "Import case bundles (herenigd.case-bundle/1); each file atomically, idempotently."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--allow-member-removal",
            action="store_true",
            help=(
                "Delete stored members the bundle no longer has, with their intake, consents, "
                "attention points, plan actions, events and contacts (each removal is audited). "
                "Without it such a bundle is refused."
            ),
        )

    def handle(self, *args, files, allow_member_removal=False, **options):
        failed = 0
        for name in files:
            try:
                text = Path(name).read_text(encoding="utf-8")
                result = family_import_bundle(
                    data=parse_bundle_text(text),
                    actor=operator(),
                    allow_member_removal=allow_member_removal,
                )
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
                ref = f"{result.family.municipality.code}/{result.family.reference}"
                if result.created:
                    state = "created"
                elif result.changed:
                    state = f"updated ({result.summary()})"
                else:
                    state = "unchanged"
                self.stdout.write(f"{name}: {ref} {state}")
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} file(s) refused; nothing written for them."
            )
