from django.core.management.base import BaseCommand, CommandError

from digest import builder, services
from digest.models import Digest


class Command(BaseCommand):
    help = (
        "Send the monthly digest of a month that has ended (YYYY-MM), or with --dry-run show who would receive what. "
        "Sending twice is harmless: nobody receives the same month twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, YYYY-MM (for example 2026-06).")
        parser.add_argument("--dry-run", action="store_true", help="Send nothing; list the recipients and contents.")

    def handle(self, *args, month: str, dry_run: bool = False, **options):
        try:
            first_day = services.parse_month(month, allow_current=dry_run)
        except services.MonthError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self._dry_run(first_day)
            return
        digest = services.digest_for_month(month=first_day)
        count = services.digest_start(digest=digest, by=None)
        self.stdout.write(
            self.style.SUCCESS(f"Digest {digest.label}: {count} e-mail(s) enqueued; follow them in the admin.")
        )

    def _dry_run(self, month):
        data = builder.build_digest_data(month=month)
        recipients = builder.recipients()
        existing = Digest.objects.filter(month=month).first()
        already = dict(existing.deliveries.values_list("person_id", "status")) if existing is not None else {}
        self.stdout.write(f"Digest {month:%Y-%m} (dry run: nothing is sent)")
        self.stdout.write(
            f"  news {len(data.news)}, "
            f"events {len(data.events)} ({data.events_from:%Y-%m} to {data.events_until:%Y-%m}), "
            f"progress notes {len(data.progress)}, documents {len(data.documents)}, "
            f"open validation rounds {len(data.rounds)}"
        )
        if data.is_empty:
            self.stdout.write("  The digest is empty: nobody would receive an e-mail.")
        self.stdout.write(f"  {len(recipients)} recipient(s):")
        for recipient in recipients:
            problem = recipient.address_problem()
            if already.get(recipient.person.pk) in services.FINAL:
                outcome = f"nothing: already {already[recipient.person.pk]}"
            elif data.is_empty:
                outcome = "nothing: empty digest"
            elif problem:
                outcome = f"nothing: {problem}"
            else:
                extras = []
                waiting = sum(
                    1 for line in data.rounds_for(recipient) if any(s == "waiting" for _m, s in line.statuses)
                )
                if waiting:
                    extras.append(f"{waiting} round(s) awaiting its answer")
                if data.dues_for(recipient):
                    extras.append("dues reminder")
                if not recipient.is_focal_point:
                    extras.append("one-click unsubscribe")
                outcome = "digest" + (f" ({', '.join(extras)})" if extras else "")
            self.stdout.write(
                f"  - {recipient.name} <{recipient.email or 'no address'}> [{recipient.role}, "
                f"{recipient.member_names or 'no member'}, {recipient.language}]: {outcome}"
            )
