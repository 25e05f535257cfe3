"""`herenigd import-bundle FILE [FILE…] [--dry-run] [--allow-member-removal] [--language nl|en]`:
import case bundles, atomically per file (docs/bundles.md).

A re-import keeps what is stored (see `family_import_bundle`): changed events become corrections
with their earlier version kept, events and contacts the bundle lacks stay, and a member missing
from the bundle is refused unless `--allow-member-removal` is given. Every problem of a file is
reported with its JSON path, in Dutch unless `--language en`; a file that fails, for whatever
reason, never stops the files after it, and the command ends with a non-zero status if any did.
"""

import traceback

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from herenigd.audit.services import operator
from herenigd.casefile.bundles import (
    BundleError,
    ImportResult,
    family_import_bundle,
    read_bundle_file,
)

LANGUAGES = ("nl", "en")
IMPORTED, REFUSED, CRASHED = "imported", "refused", "crashed"


def result_line(result: ImportResult) -> str:
    """«0268/NIJ-1 updated (members updated: 1, events added: 2)», or what a dry run would do."""
    family = f"{result.family.municipality.code}/{result.family.reference}"
    if not result.changed:
        return _("%(family)s unchanged") % {"family": family}
    if result.created:
        text = _("%(family)s would be created") if result.dry_run else _("%(family)s created")
        return text % {"family": family}
    if result.dry_run:
        text = _("%(family)s would be updated (%(summary)s)")
    else:
        text = _("%(family)s updated (%(summary)s)")
    return text % {"family": family, "summary": summary(result)}


def summary(result: ImportResult) -> str:
    words = {
        "members_added": _("members added: %(count)d"),
        "members_updated": _("members updated: %(count)d"),
        "members_removed": _("members removed: %(count)d (%(keys)s)"),
        "events_added": _("events added: %(count)d"),
        "events_corrected": _("events corrected: %(count)d"),
        "events_kept": _("events kept (not in bundle): %(count)d"),
        "contacts_added": _("contacts added: %(count)d"),
        "contacts_kept": _("contacts kept (not in bundle): %(count)d"),
    }
    keys = ", ".join(f"'{key}'" for key in result.removed_keys)
    return ", ".join(
        words[name] % {"count": count, "keys": keys} for name, count in result.counts().items()
    )


def failure_summary(outcomes: list[str]) -> str:
    """The command's last line when files failed (it then ends with status 1)."""
    values = {
        "failed": outcomes.count(REFUSED) + outcomes.count(CRASHED),
        "total": len(outcomes),
        "crashed": outcomes.count(CRASHED),
    }
    if values["crashed"]:
        return (
            ngettext(
                "%(failed)d of %(total)d file not imported, %(crashed)d by an unexpected error.",
                "%(failed)d of %(total)d files not imported, %(crashed)d by an unexpected error.",
                values["total"],
            )
            % values
        )
    return (
        ngettext(
            "%(failed)d of %(total)d file refused; nothing was written for it.",
            "%(failed)d of %(total)d files refused; nothing was written for them.",
            values["total"],
        )
        % values
    )


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
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show for each file what the import would change, and write nothing.",
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="nl",
            help="Language of the messages: nl (default) or en.",
        )

    def handle(
        self, *args, files, allow_member_removal=False, dry_run=False, language="nl", **options
    ):
        with translation.override(language):
            outcomes = [
                self.import_file(
                    name,
                    allow_member_removal=allow_member_removal,
                    dry_run=dry_run,
                    show_traceback=options.get("traceback", False),
                )
                for name in files
            ]
            if dry_run:
                self.stdout.write(_("Dry run: nothing was written."))
            if outcomes.count(REFUSED) + outcomes.count(CRASHED):
                raise CommandError(failure_summary(outcomes))

    def import_file(self, name, *, allow_member_removal, dry_run, show_traceback) -> str:
        """Import one file and report its problems, each with its JSON path. Returns IMPORTED,
        REFUSED or CRASHED: whatever happens, the next file is imported all the same."""
        try:
            result = family_import_bundle(
                data=read_bundle_file(name),
                actor=operator(),
                allow_member_removal=allow_member_removal,
                dry_run=dry_run,
            )
        except BundleError as exc:
            for issue in exc.issues:
                self.stderr.write(f"{name}: {issue}")
            return REFUSED
        except Exception as exc:
            # A bug, or the database refusing. The exception's text may quote the data, so only
            # its kind is shown. Mostly the file's transaction was rolled back; an error after
            # the commit (in an on_commit callback) leaves the import written.
            problem = _(
                "unexpected error (%(kind)s) while importing this file. Please report it to the "
                "maintainers of herenigd (--traceback shows the details), and import the file "
                "again when it is fixed: if it was imported after all, it is then unchanged."
            ) % {"kind": type(exc).__name__}
            self.stderr.write(f"{name}: $: {problem}")
            if show_traceback:
                self.stderr.write(traceback.format_exc())
            return CRASHED
        self.stdout.write(f"{name}: {result_line(result)}")
        # Translators: before a plausibility warning of the import, e.g. "warning: $.family…".
        label = _("warning")
        for warning in result.warnings:
            self.stdout.write(f"{name}: {label}: {warning}")
        return IMPORTED
