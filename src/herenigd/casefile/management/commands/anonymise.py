"""`herenigd anonymise [--as-of DATE]`: remove identities once the retention period is over."""

from django.conf import settings
from django.core.management.base import BaseCommand

from herenigd.audit.services import operator
from herenigd.casefile.retention import anonymise_due
from herenigd.clock import parse_as_of


class Command(BaseCommand):
    help = "Anonymise families whose social guidance ended longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Reference date; default today.")

    def handle(self, *args, as_of, **options):
        count = anonymise_due(
            as_of=parse_as_of(as_of),
            retention_days=settings.HERENIGD_RETENTION_DAYS,
            actor=operator(),
        )
        self.stdout.write(f"Anonymised {count} families.")
