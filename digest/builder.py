"""What a month's digest says, and to whom (after Zulip's zerver/lib/digest.py).

The recipients are picked in one query; what every recipient reads (news, events, progress notes, documents,
open validation rounds) is read once and rendered once per language; what belongs to one recipient (their member's
answers to the open rounds, its dues) comes from a few dictionaries built with the shared data. Building the messages
for a batch of recipients therefore takes the same number of queries whatever the size of the batch.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf, Trim
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from actionplan.selectors import progress_updates_between
from common.email import Mailing, build_templated_email
from common.models import MailingOptOut
from common.money import format_money
from consultations.models import Consultation, Response
from documents.selectors import documents_visible_to
from events.selectors import upcoming_events
from members.models import FocalPoint, Member, Person
from members.selectors import TAKING_PART, members_with_dues, news_published_between

from .models import DigestDelivery

UNSUBSCRIBE_SALT = "digest.unsubscribe"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


# ---- months ------------------------------------------------------------------------------------------------------


def network_timezone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_start(month: datetime.date) -> datetime.datetime:
    """Midnight of the month's first day in the network's time zone (Asia/Phnom_Penh)."""
    return datetime.datetime(month.year, month.month, 1, tzinfo=network_timezone())


def current_month(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), network_timezone()).date().replace(day=1)


def previous_month(now: datetime.datetime | None = None) -> datetime.date:
    """The month that has just ended: the one the beat sends on the 1st."""
    return add_months(current_month(now), -1)


# ---- who reads -----------------------------------------------------------------------------------------------------


class MemberReader:
    """Reads the network as any member's person who is not the coordinator.

    The digest shows every recipient the same network: public and members-only events and documents, never the
    coordination's own. The selectors that decide visibility are asked as this reader, once per digest.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    is_coordinator = False
    pk = None

    def __init__(self):
        # A member that is none of the real ones (no row has the id 0): a member's person, of no member in particular.
        self.person = Person(member=Member(pk=0, name="—"))


@dataclass
class Recipient:
    person: Person
    role: str  # DigestDelivery.Role
    members: list[Member]

    @property
    def user(self):
        return self.person.user

    @property
    def email(self) -> str:
        return self.person.contact_email

    @property
    def language(self) -> str:
        return self.person.language

    @property
    def is_focal_point(self) -> bool:
        return self.role == "focal_point"

    @property
    def role_label(self) -> str:
        return str(DigestDelivery.Role(self.role).label)

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def member_names(self) -> str:
        return ", ".join(member.name for member in self.members)

    def address_problem(self) -> str:
        """Why no e-mail can go to this recipient, or "" when the address is usable."""
        if not self.email:
            return "No e-mail address: add one to the person or to their user account."
        try:
            validate_email(self.email)
        except ValidationError:
            return f"Invalid e-mail address: {self.email!r}."
        return ""


def recipient_people():
    """Every confirmed focal point, and every member's person who opted in (with an active account), in one query;
    not the addresses that left the digest (common.models.MailingOptOut).

    A person whose account was deactivated receives nothing. Their confirmed focal-point roles come prefetched.
    """
    confirmed = FocalPoint.objects.filter(person=OuterRef("pk"), confirmed_on__isnull=False)
    # The address written to (Person.contact_email), and whether it left the digest (focal points may, too).
    address = Lower(Trim(Coalesce(NullIf("email", Value("")), "user__email")))
    left = MailingOptOut.objects.filter(mailing=MailingOptOut.Mailing.DIGEST, email=OuterRef("digest_address"))
    return (
        Person.objects.annotate(is_focal_point=Exists(confirmed), digest_address=address)
        .annotate(left_digest=Exists(left))
        .filter(
            Q(is_focal_point=True)
            | Q(member__isnull=False, user__isnull=False, user__is_active=True, digest_subscription__subscribed=True)
        )
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .filter(left_digest=False)
        .select_related("user", "member")
        .prefetch_related(
            Prefetch(
                "focal_points",
                queryset=FocalPoint.objects.filter(confirmed_on__isnull=False).select_related("member"),
                to_attr="confirmed_focal_points",
            )
        )
        .order_by("full_name", "pk")
    )


def as_recipient(person: Person) -> Recipient:
    members = [focal_point.member for focal_point in getattr(person, "confirmed_focal_points", [])]
    if person.member is not None and all(member.pk != person.member_id for member in members):
        members.append(person.member)
    role = "focal_point" if getattr(person, "is_focal_point", False) else "subscriber"
    return Recipient(person=person, role=role, members=members)


def recipients(*, person_ids=None) -> list[Recipient]:
    people = recipient_people()
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    return [as_recipient(person) for person in people]


# ---- what the month says -----------------------------------------------------------------------------------------


@dataclass
class RoundLine:
    consultation: Consultation
    # (member, "answered" | "waiting" | "not_consulted") for each of the recipient's members
    statuses: list[tuple[Member, str]]


@dataclass
class DuesLine:
    member: Member
    year: int
    balance: Decimal | None

    @property
    def outstanding(self) -> str:
        """What is left to pay, with the ledger's currency; empty when the amount is not known."""
        return format_money(self.balance) if self.balance else ""


@dataclass
class DigestData:
    """Everything every recipient of one month's digest reads, read once."""

    month: datetime.date
    now: datetime.datetime
    news: list = field(default_factory=list)
    events: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    eligible: dict[int, set[int]] = field(default_factory=dict)
    answered: dict[int, set[int]] = field(default_factory=dict)
    standing_year: int = 0
    in_good_standing: set[int] = field(default_factory=set)
    dues: dict[int, Decimal | None] = field(default_factory=dict)
    _rendered: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    @property
    def period_end(self) -> datetime.date:
        return add_months(self.month, 1)

    @property
    def events_from(self) -> datetime.date:
        return add_months(self.month, 1)

    @property
    def events_until(self) -> datetime.date:
        """The last day of the events window (the end of the month after next)."""
        return add_months(self.month, 3) - datetime.timedelta(days=1)

    @property
    def is_empty(self) -> bool:
        """Nothing happened and nothing is open: no digest is sent (a dues reminder alone is not a digest)."""
        return not (self.news or self.events or self.progress or self.documents or self.rounds)

    def rounds_for(self, recipient: Recipient) -> list[RoundLine]:
        lines = []
        for consultation in self.rounds:
            eligible = self.eligible.get(consultation.pk, set())
            answered = self.answered.get(consultation.pk, set())
            statuses = []
            for member in recipient.members:
                if member.pk in answered:
                    statuses.append((member, "answered"))
                elif member.pk in eligible:
                    statuses.append((member, "waiting"))
                else:
                    statuses.append((member, "not_consulted"))
            lines.append(RoundLine(consultation=consultation, statuses=statuses))
        return lines

    def dues_for(self, recipient: Recipient) -> list[DuesLine]:
        """A reminder for each of the recipient's members not in good standing this year (to its own people only)."""
        return [
            DuesLine(member=member, year=self.standing_year, balance=self.dues.get(member.pk))
            for member in recipient.members
            if member.pk not in self.in_good_standing
        ]

    def rendered(self, language: str) -> tuple[str, str]:
        """The sections every recipient reads, as HTML and text, rendered once per language."""
        if language not in self._rendered:
            context = {"data": self, "site_url": settings.SITE_URL.rstrip("/")}
            with translation.override(language):
                html = render_to_string("digest/email/sections.html", context)
                text = render_to_string("digest/email/sections.txt", context, using="text")
            self._rendered[language] = (html, text)
        return self._rendered[language]


def _worth_reporting(update) -> bool:
    status_changed = bool(update.applied_status) and update.applied_status != update.previous_status
    return bool(update.text.strip()) or status_changed


def build_digest_data(*, month: datetime.date, now: datetime.datetime | None = None) -> DigestData:
    """Read what the digest of `month` reports, in a fixed number of queries.

    The month covers what happened in it (news published, progress notes dated, documents published) and looks
    ahead: events starting from the first day of the next month to the end of the month after, and the validation
    rounds open now. Dues standing is that of the year of `now`.
    """
    now = now or timezone.now()
    reader = MemberReader()
    start, end = month_start(month), month_start(add_months(month, 1))
    data = DigestData(month=month, now=now)
    data.news = list(news_published_between(start=start, end=end))
    data.events = list(
        upcoming_events(user=reader)
        .filter(
            starts_at__gte=month_start(add_months(month, 1)),
            starts_at__lt=month_start(add_months(month, 3)),
        )
        .order_by("starts_at", "pk")
    )
    data.progress = [
        update for update in progress_updates_between(start=month, end=add_months(month, 1)) if _worth_reporting(update)
    ]
    data.documents = list(
        documents_visible_to(user=reader)
        .filter(published_on__gte=month, published_on__lt=add_months(month, 1))
        .order_by("published_on", "title")
    )
    data.rounds = list(
        Consultation.objects.filter(closed_at__isnull=True, opened_on__lte=now, deadline__gt=now).order_by(
            "deadline", "pk"
        )
    )
    if data.rounds:
        through = Consultation.eligible_members.through.objects.filter(consultation__in=data.rounds)
        for consultation_id, member_id in through.values_list("consultation_id", "member_id"):
            data.eligible.setdefault(consultation_id, set()).add(member_id)
        answers = Response.objects.filter(consultation__in=data.rounds)
        for consultation_id, member_id in answers.values_list("consultation_id", "member_id"):
            data.answered.setdefault(consultation_id, set()).add(member_id)
    data.standing_year = timezone.localtime(now, network_timezone()).year
    # A reminder only where the ledger shows a balance: a member whose dues nobody recorded is not "late".
    for member_id, status, due, paid in members_with_dues(year=data.standing_year).values_list(
        "pk", "dues_status", "dues_due", "dues_paid"
    ):
        if status in TAKING_PART:
            data.in_good_standing.add(member_id)
        else:
            data.dues[member_id] = None if due is None else max(due - paid, Decimal("0"))
    return data


# ---- the e-mail ----------------------------------------------------------------------------------------------------


def unsubscribe_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def person_from_unsubscribe_token(token: str) -> Person:
    """Raises signing.BadSignature or Person.DoesNotExist."""
    return Person.objects.select_related("user", "member").get(pk=int(signing.loads(token, salt=UNSUBSCRIBE_SALT)))


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(person: Person) -> str:
    return absolute(reverse("digest:unsubscribe", kwargs={"token": unsubscribe_token(person)}))


def compose_message(
    *,
    data: DigestData,
    recipient: Recipient,
    to: str | None = None,
    connection=None,
    test: bool = False,
) -> EmailMultiAlternatives:
    """The e-mail `recipient` receives, exactly as sent (`to` and `test` only for "send a test to me")."""
    html, text = data.rendered(recipient.language)
    headers = {"Message-ID": make_msgid("digest", domain=urlsplit(settings.SITE_URL).hostname or "rvase.example")}
    # List-Unsubscribe (one click, RFC 8058) and the other headers of a mailing: common.email, for every recipient.
    message = build_templated_email(
        template="digest/email/digest",
        to=[to or recipient.email],
        language=recipient.language,
        headers=headers,
        connection=connection,
        mailing=Mailing.DIGEST,
        context={
            "data": data,
            "recipient": recipient,
            "shared_html": mark_safe(html),  # rendered (and escaped) by our own template above
            "shared_text": text,
            "rounds": data.rounds_for(recipient),
            "dues": data.dues_for(recipient),
            "preferences_url": absolute(reverse("digest:mine")),
            "test": test,
        },
    )
    return message
