import datetime
import email.utils
import os
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import Mailing, opted_out, send_templated_email
from common.signals import something_waits

from .models import (
    DuesPayment,
    DuesRecord,
    DuesReminder,
    DuesYear,
    FocalPoint,
    Member,
    MemberRevision,
    NewsItem,
    Person,
)
from .permissions import is_coordinator
from .selectors import format_money

# A translated field's plain name is the active language's column (django-modeltranslation). The site's forms
# write the French (the source) under the plain name and the English, optional, as `<field>_en`, whatever
# language the form is read in (issue 21).
SOURCE_COLUMNS = {
    "description": "description_fr",
    "title": "title_fr",
    "text": "text_fr",
    "honorific": "honorific_fr",
}
PAGE_FIELDS = ("description", "description_en", "website", "email", "phone", "address")


def _column(field: str) -> str:
    return SOURCE_COLUMNS.get(field, field)


OFFICIAL_FIELDS = ("honorific", "full_name", "title")
CONFIRMATION_SALT = "members.focal-point-confirmation"
DUES_REMINDERS = Mailing.DUES_REMINDERS


def coordination_address() -> str:
    return email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _image_replace(obj, *, field: str, upload, content_type: str, remove: bool) -> None:
    """Put a checked upload (and its content type, kept in `<field>_content_type`) in place, or remove it."""
    if upload is not None:
        setattr(obj, field, upload)
        setattr(obj, f"{field}_content_type", content_type)
    elif remove:
        setattr(obj, field, "")
        setattr(obj, f"{field}_content_type", "")


def uploaded_name(upload) -> str:
    """The name the file had on the uploader's computer, without any folder: what the page's history shows."""
    return os.path.basename(str(getattr(upload, "name", "") or "").replace("\\", "/"))[:255]


def member_page_snapshot(*, member: Member) -> dict:
    """The editable content of a member's page, as stored in its history."""
    return {
        **{field: getattr(member, _column(field)) or "" for field in PAGE_FIELDS},
        "logo": member.logo.name or "",
        "logo_content_type": member.logo_content_type,
        "logo_name": member.logo_name,
        "officials": [
            {"id": person.pk, **{field: getattr(person, _column(field)) or "" for field in OFFICIAL_FIELDS}}
            for person in member.people.filter(is_official=True).order_by("pk")
        ],
    }


def _diff(before: dict, after: dict) -> dict:
    changes = {}
    for key in after:
        if key in ("logo_content_type", "logo_name"):
            continue
        if before.get(key) != after[key]:
            changes[key] = [before.get(key), after[key]]
    return changes


def member_revision_record(
    *, member: Member, by: User | None, before: dict, restored_from=None
) -> MemberRevision | None:
    """Record what changed on a member's page since `before` (a member_page_snapshot); None when nothing did."""
    after = member_page_snapshot(member=member)
    changes = _diff(before, after)
    if not changes:
        return None
    return MemberRevision.objects.create(
        member=member, author=by, changes=changes, snapshot=after, restored_from=restored_from
    )


@transaction.atomic
def member_page_update(
    *,
    member: Member,
    by: User,
    data: dict,
    logo=None,
    logo_content_type: str = "",
    remove_logo: bool = False,
    officials: list[dict] | None = None,
) -> MemberRevision | None:
    """Change a member's page and record who changed what; returns the revision (None when nothing changed).

    `officials` lists the officials as they should be: dicts with an optional "id" (an existing official
    of this member), the OFFICIAL_FIELDS, and "delete" to remove one.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = member_page_snapshot(member=member)
    for field in PAGE_FIELDS:
        if field in data:
            setattr(member, _column(field), data[field])
    _image_replace(member, field="logo", upload=logo, content_type=logo_content_type, remove=remove_logo)
    if logo is not None:
        member.logo_name = uploaded_name(logo)
    elif remove_logo:
        member.logo_name = ""
    member.save()
    if officials is not None:
        existing = {person.pk: person for person in member.people.filter(is_official=True)}
        for row in officials:
            person = existing.get(row.get("id"))
            if row.get("id") and person is None:
                raise PermissionError("This official belongs to another member.")
            if row.get("delete"):
                if person is not None:
                    # The person stays known to the network; they are no longer listed as an official.
                    person.is_official = False
                    person.save(update_fields=["is_official"])
                continue
            if person is None:
                if not row.get("full_name"):
                    continue
                person = Person(member=member, is_official=True, organisation=member.name_fr)
            for field in OFFICIAL_FIELDS:
                setattr(person, _column(field), row.get(field, ""))
            person.save()
    return member_revision_record(member=member, by=by, before=before)


@transaction.atomic
def member_page_restore(*, revision: MemberRevision, by: User) -> MemberRevision | None:
    """Bring a member's page back to what it was after `revision`; the restoration is itself a revision."""
    member = Member.objects.select_for_update().get(pk=revision.member_id)
    before = member_page_snapshot(member=member)
    snapshot = revision.snapshot
    for field in PAGE_FIELDS:
        # A revision recorded before the English column existed leaves the English as it is.
        if field in snapshot or not field.endswith("_en"):
            setattr(member, _column(field), snapshot.get(field, ""))
    member.logo = snapshot.get("logo", "")
    member.logo_content_type = snapshot.get("logo_content_type", "")
    member.logo_name = snapshot.get("logo_name", "")
    member.save()
    wanted = {row["id"]: row for row in snapshot.get("officials", [])}
    for person in member.people.filter(is_official=True).exclude(pk__in=wanted):
        person.is_official = False
        person.save(update_fields=["is_official"])
    for person_id, row in wanted.items():
        person = member.people.filter(pk=person_id).first()
        if person is None:
            person = Person(member=member, organisation=member.name_fr)
        person.is_official = True
        for field in OFFICIAL_FIELDS:
            setattr(person, _column(field), row.get(field, ""))
        person.save()
    return member_revision_record(member=member, by=by, before=before, restored_from=revision)


def focal_point_confirmation_path(*, focal_point: FocalPoint) -> str:
    """The path of a fresh signed link confirming the focal point (e-mailed, or shown to them on "Mon espace")."""
    token = signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(str(focal_point.pk))
    return reverse("members:confirm-focal-point", kwargs={"token": token})


def focal_point_confirmation_url(*, focal_point: FocalPoint) -> str:
    return settings.SITE_URL.rstrip("/") + focal_point_confirmation_path(focal_point=focal_point)


def focal_point_from_token(*, token: str) -> FocalPoint:
    """The focal point a confirmation link names; raises signing.SignatureExpired or BadSignature."""
    max_age = datetime.timedelta(days=settings.FOCAL_POINT_CONFIRMATION_DAYS)
    pk = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign(token, max_age=max_age)
    return FocalPoint.objects.select_related("member", "person").get(pk=int(pk))


def focal_point_request_confirmation(*, focal_point: FocalPoint, by: User | None) -> bool:
    """E-mail the focal point a signed, expiring link to confirm the role; False when there is no address."""
    person = focal_point.person
    if not person.contact_email:
        return False
    send_templated_email(
        template="members/email/focal_point_confirmation",
        to=[person.contact_email],
        language=person.language,
        context={
            "focal_point": focal_point,
            "member": focal_point.member,
            "url": focal_point_confirmation_url(focal_point=focal_point),
            "days": settings.FOCAL_POINT_CONFIRMATION_DAYS,
        },
    )
    focal_point.confirmation_requested_at = timezone.now()
    focal_point.save(update_fields=["confirmation_requested_at"])
    return True


def focal_point_confirm(*, focal_point: FocalPoint) -> FocalPoint:
    if focal_point.confirmed_on is None:
        focal_point.confirmed_on = timezone.localdate()
        focal_point.save(update_fields=["confirmed_on"])
    return focal_point


# ---- dues ------------------------------------------------------------------------------------------------------


@dataclass
class DuesAccount:
    """A member's dues of one year, read under a lock before money is recorded."""

    record: DuesRecord
    due: Decimal | None
    paid: Decimal

    @property
    def balance(self) -> Decimal | None:
        return None if self.due is None else max(self.due - self.paid, Decimal("0"))


def _dues_account(*, member: Member, year: int) -> DuesAccount:
    """The member's line of the year (created if missing), locked, with what is due and what was paid."""
    record, _created = DuesRecord.objects.get_or_create(member=member, year=year)
    record = DuesRecord.objects.select_for_update().get(pk=record.pk)
    if record.amount_due is not None:
        due = record.amount_due
    else:
        due = DuesYear.objects.filter(year=year).values_list("amount", flat=True).first()
    paid = record.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return DuesAccount(record=record, due=due, paid=paid)


@transaction.atomic
def dues_payment_record(
    *,
    member: Member,
    year: int,
    amount: Decimal | None,
    paid_on: datetime.date | None,
    method: str,
    reference: str = "",
    by: User | None,
) -> DuesPayment:
    """Record money received from `member` for `year`. Refused, with the reason on the field and nothing saved, when the
    amount is not positive or exceeds the balance (a payment for another year goes on that year), when the member is
    exempt or what it owes is not known, or when the date is missing or in the future."""
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Give an amount greater than zero.")
    if paid_on is None:
        errors["paid_on"] = _("Give the date the payment was received.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("This date is in the future: record the payment once it is received.")
    if method not in DuesPayment.Method.values or method == DuesPayment.Method.NOT_RECORDED:
        errors["method"] = _("Choose how the member paid.")
    if errors:
        raise ValidationError(errors)
    account = _dues_account(member=member, year=year)
    names = {"member": member.name, "year": year}
    if account.record.exempt:
        raise ValidationError({"amount": _("%(member)s is exempt for %(year)s: it owes nothing.") % names})
    if account.balance is None:
        raise ValidationError(
            {
                "amount": _(
                    "What %(member)s owes for %(year)s is not known: set the amount of the year (Dues: yearly "
                    "amounts) or this member's own amount first."
                )
                % names
            }
        )
    if account.balance == 0:
        raise ValidationError({"amount": _("%(member)s has nothing left to pay for %(year)s.") % names})
    if amount > account.balance:
        raise ValidationError(
            {
                "amount": _(
                    "This is more than the balance of %(balance)s. Record at most the balance; money paid for "
                    "another year is recorded on that year."
                )
                % {"balance": format_money(account.balance)}
            }
        )
    return DuesPayment.objects.create(
        record=account.record,
        amount=amount,
        paid_on=paid_on,
        method=method,
        reference=reference.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )


@dataclass
class MarkPaidReport:
    paid: list[tuple[Member, Decimal]]
    exempt: list[Member]
    already_paid: list[Member]
    unknown_amount: list[Member]


@transaction.atomic
def dues_mark_paid(
    *,
    members,
    year: int,
    paid_on: datetime.date | None = None,
    method: str = DuesPayment.Method.TRANSFER,
    reference: str = "",
    by: User | None = None,
) -> MarkPaidReport:
    """Settle `year` for each member by recording a payment of its balance (a real amount, with its date and method).
    Exempt members, members with nothing left to pay and members whose amount is not known are reported, not changed."""
    paid_on = paid_on or timezone.localdate()
    report = MarkPaidReport(paid=[], exempt=[], already_paid=[], unknown_amount=[])
    for member in members:
        account = _dues_account(member=member, year=year)
        if account.record.exempt:
            report.exempt.append(member)
        elif account.balance is None:
            report.unknown_amount.append(member)
        elif account.balance == 0:
            report.already_paid.append(member)
        else:
            dues_payment_record(
                member=member,
                year=year,
                amount=account.balance,
                paid_on=paid_on,
                method=method,
                reference=reference,
                by=by,
            )
            report.paid.append((member, account.balance))
    if report.unknown_amount:
        # Lines made only to read the accounts of members whose amount is unknown are not kept: nothing was recorded.
        DuesRecord.objects.filter(
            member__in=report.unknown_amount, year=year, amount_due__isnull=True, exempt=False, payments__isnull=True
        ).delete()
    return report


def dues_reminder_recipients(*, member: Member) -> list[tuple[str, str, str]]:
    """(address, name, language) of each focal point of the member; the member's own address when it has none."""
    recipients, seen = [], set()
    for focal_point in member.focal_points.all():
        person = focal_point.person
        address = person.contact_email.lower()
        if address and address not in seen:
            seen.add(address)
            recipients.append((address, str(person), person.language))
    if not recipients and member.email:
        recipients.append((member.email.lower(), member.name, settings.LANGUAGE_CODE))
    return recipients


def dues_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind members with a balance, once per reminder step of the year (the latest step reached, if several were
    missed). Run daily by Celery beat; a rerun sends nothing twice. Returns how many members were reminded."""
    from .selectors import members_with_dues

    today = today or timezone.localdate()
    reminded = 0
    for schedule in DuesYear.objects.filter(due_on__isnull=False, due_on__lte=today).order_by("year"):
        try:
            steps = [d for d in schedule.reminder_day_list if schedule.due_on + datetime.timedelta(days=d) <= today]
        except ValueError:
            continue
        if not steps:
            continue
        step = max(steps)
        already = DuesReminder.objects.filter(member=OuterRef("pk"), year=schedule.year, days_after=step)
        owing = (
            members_with_dues(year=schedule.year, schedule=schedule)
            .filter(dues_status__in=[DuesRecord.Status.UNPAID, DuesRecord.Status.PARTIAL])
            .exclude(Exists(already))
            .prefetch_related(
                Prefetch("focal_points", queryset=FocalPoint.objects.select_related("person__user").order_by("pk"))
            )
            .order_by("name")
        )
        for member in owing:
            if member.dues_due is None:
                continue
            balance = max(member.dues_due - member.dues_paid, Decimal("0"))
            recipients = dues_reminder_recipients(member=member)
            # An address that left the dues reminders (List-Unsubscribe) is not written to: common.email.
            gone = opted_out(addresses=[address for address, _name, _language in recipients], mailing=DUES_REMINDERS)
            recipients = [recipient for recipient in recipients if recipient[0].strip().lower() not in gone]
            if not balance or not recipients:
                continue
            try:
                with transaction.atomic():
                    DuesReminder.objects.create(
                        member=member,
                        year=schedule.year,
                        days_after=step,
                        balance=balance,
                        recipients=[address for address, _name, _language in recipients],
                        sent_at=timezone.now(),
                    )
                    for address, name, language in recipients:
                        send_templated_email(
                            template="members/email/dues_reminder",
                            to=[address],
                            language=language,
                            context={
                                "name": name,
                                "member": member,
                                "year": schedule.year,
                                "due": member.dues_due,
                                "paid": member.dues_paid,
                                "balance": balance,
                                "due_on": schedule.due_on,
                                "member_url": settings.SITE_URL.rstrip("/") + member.get_absolute_url(),
                                "coordination": coordination_address(),
                            },
                            mailing=DUES_REMINDERS,
                        )
            except IntegrityError:
                continue  # another run reminded this member of this step
            reminded += 1
    return reminded


# ---- news for the monthly watch ----------------------------------------------------------------------------------

NEWS_FIELDS = ("title", "title_en", "text", "text_en", "link")


def _news_apply(*, item: NewsItem, data: dict, image, image_content_type: str, remove_image: bool) -> None:
    for field in NEWS_FIELDS:
        if field in data:
            setattr(item, _column(field), data[field])
    _image_replace(item, field="image", upload=image, content_type=image_content_type, remove=remove_image)


def _notify_news_submitted(*, item: NewsItem, by: User) -> None:
    """A focal point's news waits for the coordination: tell the coordinators (not for the coordination's own)."""
    if not is_coordinator(by):
        something_waits.send(sender=NewsItem, kind="news", object_id=item.pk)


@transaction.atomic
def news_create(
    *,
    member: Member,
    by: User,
    data: dict,
    image=None,
    image_content_type: str = "",
    submit: bool = False,
    themes=None,
) -> NewsItem:
    """A news item of `member` written by `by`: a draft, or submitted to the coordination when `submit`."""
    item = NewsItem(member=member, author=by)
    _news_apply(item=item, data=data, image=image, image_content_type=image_content_type, remove_image=False)
    if submit:
        item.status = NewsItem.Status.SUBMITTED
        item.submitted_at = timezone.now()
    item.full_clean(exclude=["image"])
    item.save()
    if themes is not None:
        item.themes.set(themes)
    if submit:
        _notify_news_submitted(item=item, by=by)
    return item


@transaction.atomic
def news_update(
    *,
    item: NewsItem,
    by: User,
    data: dict,
    image=None,
    image_content_type: str = "",
    remove_image: bool = False,
    submit: bool = False,
    themes=None,
) -> NewsItem:
    """Change a news item; a focal point's draft becomes "submitted" when `submit`. Published news stays published.

    `themes`, when given, replaces the item's themes.
    """
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    _news_apply(item=item, data=data, image=image, image_content_type=image_content_type, remove_image=remove_image)
    submitted = submit and item.status == NewsItem.Status.DRAFT
    if submitted:
        item.status = NewsItem.Status.SUBMITTED
        item.submitted_at = timezone.now()
    item.full_clean(exclude=["image"])
    item.save()
    if themes is not None:
        item.themes.set(themes)
    if submitted:
        _notify_news_submitted(item=item, by=by)
    return item


@transaction.atomic
def news_publish(*, item: NewsItem, by: User, now=None) -> NewsItem:
    """Publish a news item (the coordinator): it appears on the member's page, the news page and the digest."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.status != NewsItem.Status.PUBLISHED:
        item.status = NewsItem.Status.PUBLISHED
        item.published_at = now or timezone.now()
        item.published_by = by
        item.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return item


@transaction.atomic
def news_unpublish(*, item: NewsItem, by: User) -> NewsItem:
    """Take a news item off the site; it goes back to the coordination's queue."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.status == NewsItem.Status.PUBLISHED:
        item.status = NewsItem.Status.SUBMITTED
        item.published_at = None
        item.published_by = None
        item.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return item


def member_coordinates_fill(*, coordinates: dict) -> int:
    """Give members with no position on the map the one in `coordinates` (slug: (latitude, longitude)).

    A position the coordinator has set is never replaced. Returns how many members were placed.
    """
    placed = 0
    for member in Member.objects.filter(slug__in=list(coordinates), latitude__isnull=True, longitude__isnull=True):
        member.latitude, member.longitude = coordinates[member.slug]
        member.save(update_fields=["latitude", "longitude", "updated_at"])
        placed += 1
    return placed
