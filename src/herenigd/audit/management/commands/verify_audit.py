"""`herenigd verify-audit`: seal the events written since the last sealing, then verify the keyed
audit chain; exit ≠ 0 and name the first broken entry when it was tampered with."""

from contextlib import suppress

from django.core.management.base import BaseCommand, CommandError

from herenigd.audit.selectors import audit_verify_chain
from herenigd.audit.services import AuditChainBroken, audit_seal


class Command(BaseCommand):
    help = "Seal new audit events and verify the keyed chain of the audit trail."

    def handle(self, *args, **options):
        with suppress(AuditChainBroken):  # the verification below names where it is broken
            audit_seal()
        report = audit_verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit trail broken at event #{report.first_broken_id}: {report.problem} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} events verified.")
