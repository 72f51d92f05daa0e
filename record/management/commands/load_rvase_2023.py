"""``python manage.py load_rvase_2023``: load the network's real 2023 data (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from record.consultation_2023 import load_consultation_2023
from record.first_run import load_first_run
from record.loader import LABELS, load_rvase_2023


class Command(BaseCommand):
    help = (
        "Load the facts of the RVASE 2023 annual meeting deck (members, people, themes, action plan 2023, "
        "partners, roadmaps, projects, events, minutes, the validation round of the recommendations). "
        "Idempotent: a rerun creates nothing, brings back to the deck only what nobody changed since the last load, "
        "and keeps what the coordinator changed."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_rvase_2023()
            _consultation, consultation_created = load_consultation_2023()
            load_first_run()  # the About page, the timeline, attendees, news; the PDFs once committed
        if options["verbosity"] < 1:
            return
        created = sum(row["created"] for row in counts.values()) + int(consultation_created)
        self.stdout.write("RVASE 2023 data loaded:")
        for label in LABELS:
            row = counts[label]
            kept = f", {row['kept']} of the coordinator's values kept" if row["kept"] else ""
            self.stdout.write(f"  {label.replace('_', ' ')}: {row['loaded']} ({row['created']} new{kept})")
        self.stdout.write(f"  validation rounds: 1 ({int(consultation_created)} new)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {created} rows created; the others brought to the deck where nobody changed them since."
            )
        )
