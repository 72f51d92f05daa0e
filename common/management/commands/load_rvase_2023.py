"""``python manage.py load_rvase_2023``: load the network's real 2023 data (idempotent)."""

from django.core.management.base import BaseCommand

from common.rvase_2023_loader import LABELS, load_rvase_2023


class Command(BaseCommand):
    help = (
        "Load the facts of the RVASE 2023 annual meeting deck (members, people, themes, action plan 2023, "
        "partners, roadmaps, projects, events, minutes). Idempotent: a rerun creates nothing and restores the "
        "deck's values."
    )

    def handle(self, *args, **options):
        counts = load_rvase_2023()
        if options["verbosity"] < 1:
            return
        created = sum(row["created"] for row in counts.values())
        self.stdout.write("RVASE 2023 data loaded:")
        for label in LABELS:
            row = counts[label]
            self.stdout.write(f"  {label.replace('_', ' ')}: {row['loaded']} ({row['created']} new)")
        self.stdout.write(self.style.SUCCESS(f"Done: {created} rows created, the others brought up to date."))
