"""`herenigd evaluate [--pending] [--as-of DATE] [--json]`: evaluate and store attention points.

Every change marks its family as needing evaluation in the change's own transaction; the
evaluation after commit clears the mark. A family whose evaluation failed or never ran (the
process died after the commit) keeps it, and this command picks it up (docs/operations.md).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from herenigd.clock import parse_as_of
from herenigd.families.changes import evaluation_due_summary
from herenigd.rules.services import attention_evaluate_all, attention_evaluate_pending


class Command(BaseCommand):
    help = (
        "Evaluate every family and store its attention points (idempotent). With --pending, "
        "only the families marked as changed but not evaluated since (an evaluation after a "
        "change failed or the process stopped). Either way the output says how many families "
        "were pending, their marks are cleared, and a family that cannot be evaluated keeps "
        "its mark and makes the command exit non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only the families marked as needing evaluation (cheap; safe to run often).",
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Evaluation date; default today.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, as_of, pending=False, **options):
        as_of_date = parse_as_of(as_of)
        due = evaluation_due_summary()
        evaluate = attention_evaluate_pending if pending else attention_evaluate_all
        count = evaluate(as_of=as_of_date)
        result = {
            "as_of": as_of_date.isoformat(),
            "families": count.families,
            "raised": count.raised,
            "closed": count.closed,
            "pending": due.families,
            "pending_since": due.oldest.isoformat() if due.oldest else None,
            "failed": count.failed,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"Evaluated {count.families} families as of {result['as_of']}: "
                f"{count.raised} attention points raised, {count.closed} closed."
            )
            self.stdout.write(
                f"{due.families} families were pending evaluation"
                + (f" (the oldest since {result['pending_since']})." if due.oldest else ".")
            )
        if count.failed:
            raise CommandError(
                f"{len(count.failed)} families could not be evaluated and stay pending "
                f"(ids {', '.join(map(str, count.failed))}; the log has the errors)."
            )
