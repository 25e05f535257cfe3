"""`herenigd verify-audit`: recompute the audit hash chain; exit ≠ 0 and name the first broken
entry when it was tampered with."""

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.selectors import audit_verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit trail broken at event #{report.first_broken_id}: {report.problem} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} events verified.")
