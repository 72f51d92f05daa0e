"""Which coordinators are told of what waits, and how (each one's NotificationPreference; an e-mail each time unless
they chose one summary a day). Imported by the apps that send "something waits" e-mails: it imports nothing of them."""

from django.db.models import QuerySet

from accounts.models import COORDINATION_GROUP, User

from .models import NotificationPreference


def coordinators() -> QuerySet[User]:
    """Active members of the Coordination group with an address."""
    return (
        User.objects.filter(is_active=True, groups__name=COORDINATION_GROUP)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def coordinators_told_immediately() -> QuerySet[User]:
    daily = NotificationPreference.objects.filter(mode=NotificationPreference.Mode.DAILY).values("user_id")
    return coordinators().exclude(pk__in=daily)


def coordinators_told_daily() -> QuerySet[User]:
    daily = NotificationPreference.objects.filter(mode=NotificationPreference.Mode.DAILY).values("user_id")
    return coordinators().filter(pk__in=daily)


def mode_of(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.mode if preference else NotificationPreference.Mode.IMMEDIATE
