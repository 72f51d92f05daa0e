import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.email import send_templated_email

from .models import DuesRecord, FocalPoint, Member, MemberRevision, NewsItem, Person

PAGE_FIELDS = ("description", "website", "email", "phone", "address")
OFFICIAL_FIELDS = ("honorific", "full_name", "title")
CONFIRMATION_SALT = "members.focal-point-confirmation"


def _image_replace(obj, *, field: str, upload, content_type: str, remove: bool) -> None:
    """Put a checked upload (and its content type, kept in `<field>_content_type`) in place, or remove it."""
    if upload is not None:
        setattr(obj, field, upload)
        setattr(obj, f"{field}_content_type", content_type)
    elif remove:
        setattr(obj, field, "")
        setattr(obj, f"{field}_content_type", "")


def member_page_snapshot(*, member: Member) -> dict:
    """The editable content of a member's page, as stored in its history."""
    return {
        **{field: getattr(member, field) for field in PAGE_FIELDS},
        "logo": member.logo.name or "",
        "logo_content_type": member.logo_content_type,
        "officials": [
            {"id": person.pk, **{field: getattr(person, field) for field in OFFICIAL_FIELDS}}
            for person in member.people.filter(is_official=True).order_by("pk")
        ],
    }


def _diff(before: dict, after: dict) -> dict:
    changes = {}
    for key in after:
        if key == "logo_content_type":
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
            setattr(member, field, data[field])
    _image_replace(member, field="logo", upload=logo, content_type=logo_content_type, remove=remove_logo)
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
                person = Person(member=member, is_official=True, organisation=member.name)
            for field in OFFICIAL_FIELDS:
                setattr(person, field, row.get(field, ""))
            person.save()
    return member_revision_record(member=member, by=by, before=before)


@transaction.atomic
def member_page_restore(*, revision: MemberRevision, by: User) -> MemberRevision | None:
    """Bring a member's page back to what it was after `revision`; the restoration is itself a revision."""
    member = Member.objects.select_for_update().get(pk=revision.member_id)
    before = member_page_snapshot(member=member)
    snapshot = revision.snapshot
    for field in PAGE_FIELDS:
        setattr(member, field, snapshot.get(field, ""))
    member.logo = snapshot.get("logo", "")
    member.logo_content_type = snapshot.get("logo_content_type", "")
    member.save()
    wanted = {row["id"]: row for row in snapshot.get("officials", [])}
    for person in member.people.filter(is_official=True).exclude(pk__in=wanted):
        person.is_official = False
        person.save(update_fields=["is_official"])
    for person_id, row in wanted.items():
        person = member.people.filter(pk=person_id).first()
        if person is None:
            person = Person(member=member, organisation=member.name)
        person.is_official = True
        for field in OFFICIAL_FIELDS:
            setattr(person, field, row.get(field, ""))
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


@transaction.atomic
def dues_mark_paid(*, members, year: int, paid_on: datetime.date | None = None) -> int:
    """Mark `year` paid for each member: existing records are settled in full, missing ones created as paid."""
    paid_on = paid_on or timezone.localdate()
    count = 0
    for member in members:
        record, _ = DuesRecord.objects.select_for_update().get_or_create(member=member, year=year)
        if record.status == DuesRecord.Status.EXEMPT:
            continue
        record.amount_paid = record.amount_due
        record.status = DuesRecord.Status.PAID
        record.paid_on = record.paid_on or paid_on
        record.save(update_fields=["amount_paid", "status", "paid_on"])
        count += 1
    return count


# ---- news for the monthly watch ----------------------------------------------------------------------------------

NEWS_FIELDS = ("title", "text", "link")


def _news_apply(*, item: NewsItem, data: dict, image, image_content_type: str, remove_image: bool) -> None:
    for field in NEWS_FIELDS:
        if field in data:
            setattr(item, field, data[field])
    _image_replace(item, field="image", upload=image, content_type=image_content_type, remove=remove_image)


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
    if submit and item.status == NewsItem.Status.DRAFT:
        item.status = NewsItem.Status.SUBMITTED
        item.submitted_at = timezone.now()
    item.full_clean(exclude=["image"])
    item.save()
    if themes is not None:
        item.themes.set(themes)
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
