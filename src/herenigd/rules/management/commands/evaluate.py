"""`herenigd evaluate [--as-of DATE] [--json]`: evaluate and store the points of every family."""

import json

from django.core.management.base import BaseCommand

from herenigd.clock import parse_as_of
from herenigd.rules.services import attention_evaluate_all


class Command(BaseCommand):
    help = "Evaluate every family and store its attention points (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Evaluation date; default today.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, as_of, **options):
        as_of_date = parse_as_of(as_of)
        count = attention_evaluate_all(as_of=as_of_date)
        result = {
            "as_of": as_of_date.isoformat(),
            "families": count.families,
            "raised": count.raised,
            "closed": count.closed,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"Evaluated {count.families} families as of {result['as_of']}: "
                f"{count.raised} attention points raised, {count.closed} closed."
            )
