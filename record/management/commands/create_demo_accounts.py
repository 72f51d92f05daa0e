from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import COORDINATION_GROUP, User
from members.models import FocalPoint, Member, Person

# DESIGN.md's demo accounts: (e-mail, password, full name, member slug, focal point?)
DEMO_ACCOUNTS = [
    ("coordination@rvase.example", "demo-coordination", "Coordination RVASE (démo)", None, False),
    ("hue@rvase.example", "demo-hue", "Point focal de Hué (démo)", "hue", True),
    ("vientiane@rvase.example", "demo-vientiane", "Point focal de Vientiane (démo)", "vientiane", True),
    ("membre@rvase.example", "demo-membre", "Membre de Phnom Penh (démo)", "phnom-penh", False),
]


class Command(BaseCommand):
    help = "Create the demo accounts of DESIGN.md (only for `make run`; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create them even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts are for the local demo only (DEBUG is off).")
        coordination = Group.objects.get(name=COORDINATION_GROUP)
        for email, password, full_name, slug, is_focal_point in DEMO_ACCOUNTS:
            first_name, _, last_name = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": first_name, "last_name": last_name}
            )
            user.set_password(password)
            user.is_active = True
            if slug is None:
                user.is_staff = True
                user.save()
                user.groups.add(coordination)
            else:
                user.save()
                member = Member.objects.get(slug=slug)
                person, _ = Person.objects.update_or_create(
                    user=user,
                    defaults={"full_name": full_name, "member": member, "email": email, "organisation": member.name},
                )
                if is_focal_point:
                    # A demo focal point is confirmed by the demo set-up, the day it first runs: no date is
                    # invented, and visitors never see confirmation dates (members/member_detail.html).
                    FocalPoint.objects.update_or_create(
                        member=member,
                        is_primary=True,
                        defaults={"person": person},
                        create_defaults={"person": person, "confirmed_on": timezone.localdate()},
                    )
            self.stdout.write(f"{'created' if created else 'updated'}: {email}")
