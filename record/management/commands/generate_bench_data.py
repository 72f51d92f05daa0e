from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from record.bench_data import TARGET, generate


class Command(BaseCommand):
    help = (
        "Add generated rows up to ten times the 2023 record ("
        + ", ".join(f"{n} {name}" for name, n in TARGET.items())
        + "), marked [banc d'essai]: for `make bench` only. Refused unless DEBUG or --i-know-this-is-test-data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--i-know-this-is-test-data", action="store_true")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["i_know_this_is_test_data"]:
            raise CommandError("This writes test data. Add --i-know-this-is-test-data (the benchmark does).")
        made = generate()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in made.items()) + " added.")
