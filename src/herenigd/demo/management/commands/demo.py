"""`herenigd demo`: load the deterministic demo (idempotent)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from herenigd.access.models import Role
from herenigd.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo municipalities, organisations, families and accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=60, help="Families per municipality.")
        parser.add_argument("--seed", type=int, default=2018)
        parser.add_argument(
            "--as-of",
            help="Date the demo timelines run up to (YYYY-MM-DD); default today.",
        )

    def handle(self, *args, families, seed, as_of, **options):
        try:
            as_of_date = datetime.date.fromisoformat(as_of) if as_of else datetime.date.today()
        except ValueError:
            raise CommandError(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD).") from None
        if families < 0:
            raise CommandError("--families must be zero or more.")
        result = demo_load(
            families_per_municipality=families,
            seed=seed,
            as_of=as_of_date,
            password=settings.HERENIGD_DEMO_PASSWORD,
        )
        self.stdout.write(
            f"Demo: {result.families_created} families created, {result.families_total} in total."
        )
        self.stdout.write(f"Demo accounts (password: {settings.HERENIGD_DEMO_PASSWORD}):")
        for account in result.accounts:
            role = str(Role(account.role).label) if account.role in Role.values else account.role
            self.stdout.write(f"  {account.username:28} {role:36} {account.organisation}")
