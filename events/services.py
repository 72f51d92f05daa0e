"""Every change to events, registrations, proposals, hosting candidatures and feed addresses goes through here."""

from __future__ import annotations

import email.utils
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import send_templated_email
from common.signals import something_waits
from common.translated import source_columns
from members.permissions import is_coordinator
from members.selectors import member_is_in_good_standing

from . import permissions
from .ics import absolute_url, event_ics
from .models import (
    RESERVED_SLUGS,
    CalendarFeedToken,
    Event,
    HostingCandidature,
    Registration,
    StandingOverride,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from actionplan.models import Theme
    from members.models import Member, Person


def _tasks():
    # Imported late: the tasks module imports this one.
    from . import tasks

    return tasks


def coordination_address() -> str:
    return email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _local(event: Event, value) -> str:
    return date_format(value.astimezone(event.tzinfo), "DATETIME_FORMAT")


# ---- registration ----------------------------------------------------------------------------------------------


def registration_problem(*, event: Event) -> str | None:
    """Why nobody can register for the event now, or None when registration is open."""
    if event.publication != Event.Publication.PUBLISHED:
        return _("This event is not published yet.")
    if event.status == Event.Status.CANCELLED:
        return _("This event has been cancelled.")
    if not event.registration_open:
        return _("Registration for this event is not handled on this portal.")
    if event.starts_at is None:
        return _("The date of this event is still to be confirmed: registration opens once it is set.")
    now = timezone.now()
    if event.starts_at <= now:
        return _("This event has already started or taken place: registration is closed.")
    if event.registration_deadline and event.registration_deadline < now:
        return _("Registration closed on %(deadline)s (%(tz)s time).") % {
            "deadline": _local(event, event.registration_deadline),
            "tz": event.timezone,
        }
    return None


def standing_problem(*, event: Event, member: Member) -> str | None:
    """Why the member's people cannot register (dues not settled for the event's year), or None."""
    if member_is_in_good_standing(member=member, year=event.year):
        return None
    if StandingOverride.objects.filter(event=event, member=member).exists():
        return None
    return _(
        "%(member)s cannot register anyone for this event: its dues for %(year)s are not settled, and only "
        "members in good standing take part in the network's activities. Please contact the coordination "
        "(%(email)s) to settle the dues or to ask for an exception."
    ) % {"member": member.name, "year": event.year, "email": coordination_address()}


def places_left(*, event: Event, taken: int) -> int | None:
    return None if event.capacity is None else max(event.capacity - taken, 0)


@transaction.atomic
def event_register(*, event: Event, person: Person, by: User) -> Registration:
    """Register `person` for `event`, or raise ValidationError saying why not; nothing is saved on refusal."""
    if not permissions.can_register_person(by, person):
        raise PermissionDenied
    # One registration at a time per event: the row lock makes the capacity check and the insert atomic.
    event = Event.objects.select_for_update().get(pk=event.pk)
    problem = registration_problem(event=event)
    if problem:
        raise ValidationError(problem, code="closed")
    member = person.member
    in_good_standing = member_is_in_good_standing(member=member, year=event.year)
    if not in_good_standing:
        problem = standing_problem(event=event, member=member)
        if problem:
            raise ValidationError(problem, code="not_in_good_standing")
    existing = Registration.objects.filter(event=event, person=person).first()
    if existing is not None and existing.status == Registration.Status.CONFIRMED:
        raise ValidationError(_("%(person)s is already registered.") % {"person": person}, code="already_registered")
    if event.capacity is not None:
        taken = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
        if taken >= event.capacity:
            raise ValidationError(
                _("The event is full: all %(capacity)s places are taken.") % {"capacity": event.capacity},
                code="full",
            )
    values = {
        "registered_by": by,
        "created_at": timezone.now(),
        "status": Registration.Status.CONFIRMED,
        "override": not in_good_standing,
        "cancelled_at": None,
        "cancelled_by": None,
    }
    if existing is None:
        registration = Registration.objects.create(event=event, person=person, **values)
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        registration = existing
    _tasks().send_registration_confirmation.delay_on_commit(registration_id=registration.pk)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    if not permissions.can_cancel_registration(by, registration):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if registration.event.has_ended:
        raise ValidationError(_("This event has taken place: its registrations can no longer be cancelled."))
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = by
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    return registration


def _language_of(*users: User | None) -> str:
    for user in users:
        if user is not None and getattr(user, "preferred_language", ""):
            return user.preferred_language
    return settings.LANGUAGE_CODE


def send_registration_confirmation(*, registration: Registration) -> bool:
    """E-mail the registered person (and whoever registered them) with the event as an .ics attachment."""
    registration = Registration.objects.select_related(
        "event__country", "person__user", "person__member", "registered_by"
    ).get(pk=registration.pk)
    person, event, by = registration.person, registration.event, registration.registered_by
    recipients = []
    for address in (person.email, person.user.email if person.user else "", by.email if by else ""):
        if address and address.lower() not in recipients:
            recipients.append(address.lower())
    if not recipients:
        return False
    send_templated_email(
        template="events/email/registration_confirmed",
        to=recipients,
        context={
            "registration": registration,
            "event": event,
            "person": person,
            "registered_by": by,
            "event_url": absolute_url(event.get_absolute_url()),
            "local_start": event.local_start,
            "local_end": event.local_end,
        },
        language=_language_of(person.user, by),
        attachments=[(f"{event.slug}.ics", event_ics(event), "text/calendar")]
        if event.starts_at and event.in_calendar_feeds
        else [],
    )
    return True


# ---- proposals by focal points ---------------------------------------------------------------------------------


def unique_event_slug(*, title: str, year: int) -> str:
    base = (slugify(title)[:100].strip("-") or "evenement") + f"-{year}"
    if base.endswith(f"-{year}-{year}"):
        base = base[: -len(f"-{year}")]
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def coordinator_addresses() -> list[str]:
    """The coordinators to tell now: those who did not choose one summary a day (coordination.recipients); the
    network's own address when nobody holds the role."""
    from coordination.recipients import coordinators, coordinators_told_immediately

    told = sorted(set(coordinators_told_immediately().values_list("email", flat=True)))
    if told or coordinators().exists():
        return told
    return [coordination_address()]


@transaction.atomic
def event_propose(*, by: User, member: Member, data: dict, themes: Iterable[Theme] = ()) -> Event:
    """A focal point proposes an event for their member; it stays unpublished until the coordination decides."""
    if not permissions.members_user_may_propose_for(by).filter(pk=member.pk).exists():
        raise PermissionDenied
    event = Event(
        **source_columns(Event, data),
        host_member=member,
        publication=Event.Publication.PROPOSED,
        proposed_by=by,
        proposed_at=timezone.now(),
        slug=unique_event_slug(title=data.get("title", ""), year=data.get("year") or timezone.now().year),
    )
    event.full_clean()
    event.save()
    event.themes.set(list(themes))
    _tasks().notify_proposal_received.delay_on_commit(event_id=event.pk)
    return event


def notify_proposal_received(*, event: Event) -> None:
    send_templated_email(
        template="events/email/proposal_received",
        to=coordinator_addresses(),
        context={
            "event": event,
            "member": event.host_member,
            "proposed_by": event.proposed_by,
            "proposals_url": absolute_url("/events/proposals/"),
            "event_url": absolute_url(event.get_absolute_url()),
        },
    )


def _review(*, event: Event, by: User, publication: str, reason: str = "") -> Event:
    if not permissions.can_review_proposals(by):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.publication != Event.Publication.PROPOSED:
        raise ValidationError(
            _("This proposal has already been decided (%(status)s).") % {"status": event.get_publication_display()}
        )
    event.publication = publication
    event.reviewed_by = by
    event.reviewed_at = timezone.now()
    event.decline_reason = reason
    event.save(update_fields=["publication", "reviewed_by", "reviewed_at", "decline_reason", "updated_at"])
    if event.proposed_by_id:
        _tasks().notify_proposal_decided.delay_on_commit(event_id=event.pk)
    return event


@transaction.atomic
def event_publish(*, event: Event, by: User) -> Event:
    return _review(event=event, by=by, publication=Event.Publication.PUBLISHED)


@transaction.atomic
def event_decline(*, event: Event, by: User, reason: str) -> Event:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the proposal is declined: the focal point will read it."), code="required")
    return _review(event=event, by=by, publication=Event.Publication.DECLINED, reason=reason)


def notify_proposal_decided(*, event: Event) -> None:
    send_templated_email(
        template="events/email/proposal_decided",
        to=[event.proposed_by.email],
        context={"event": event, "event_url": absolute_url(event.get_absolute_url())},
        language=_language_of(event.proposed_by),
    )


# ---- hosting candidatures --------------------------------------------------------------------------------------


def candidature_years() -> range:
    """Years a member may offer to host: this year's meeting (if not held yet) and the next five."""
    year = timezone.localdate().year
    return range(year, year + 6)


@transaction.atomic
def hosting_candidature_submit(*, member: Member, year: int, message: str, by: User) -> HostingCandidature:
    if not permissions.can_offer_hosting(by, member):
        raise PermissionDenied
    if year not in candidature_years():
        years = candidature_years()
        raise ValidationError(
            {
                "year": _("Offers are for the annual meetings of %(first)s to %(last)s.")
                % {"first": years[0], "last": years[-1]}
            }
        )
    accepted = (
        HostingCandidature.objects.select_for_update()
        .filter(year=year, status=HostingCandidature.Status.ACCEPTED)
        .select_related("member")
        .first()
    )
    if accepted is not None:
        raise ValidationError(
            {
                "year": _("The host of the %(year)s annual meeting has already been chosen: %(member)s.")
                % {"year": year, "member": accepted.member}
            }
        )
    existing = HostingCandidature.objects.select_for_update().filter(member=member, year=year).first()
    if existing is not None and existing.status != HostingCandidature.Status.WITHDRAWN:
        raise ValidationError(
            {
                "year": _("%(member)s has already offered to host the %(year)s annual meeting (%(status)s).")
                % {"member": member, "year": year, "status": existing.get_status_display()}
            }
        )
    candidature = existing or HostingCandidature(member=member, year=year)
    candidature.message = message.strip()
    candidature.status = HostingCandidature.Status.SUBMITTED
    candidature.submitted_by = by
    candidature.submitted_at = timezone.now()
    candidature.decided_by = None
    candidature.decided_at = None
    candidature.save()
    something_waits.send(sender=HostingCandidature, kind="hosting", object_id=candidature.pk)
    return candidature


@transaction.atomic
def hosting_candidature_withdraw(*, candidature: HostingCandidature, by: User) -> HostingCandidature:
    if not permissions.can_offer_hosting(by, candidature.member):
        raise PermissionDenied
    candidature = HostingCandidature.objects.select_for_update().get(pk=candidature.pk)
    if candidature.status != HostingCandidature.Status.SUBMITTED:
        raise ValidationError(_("Only a candidature still under consideration can be withdrawn."))
    candidature.status = HostingCandidature.Status.WITHDRAWN
    candidature.save(update_fields=["status"])
    return candidature


@transaction.atomic
def hosting_candidature_accept(*, candidature: HostingCandidature, by: User) -> HostingCandidature:
    """Accept one member's offer for a year; the year's other offers are not retained. One host per year."""
    if not permissions.can_decide_candidatures(by):
        raise PermissionDenied
    of_the_year = list(
        HostingCandidature.objects.select_for_update().filter(year=candidature.year).select_related("member")
    )
    candidature = next(c for c in of_the_year if c.pk == candidature.pk)
    if candidature.status == HostingCandidature.Status.WITHDRAWN:
        raise ValidationError(_("This candidature was withdrawn by the member."))
    other = next(
        (c for c in of_the_year if c.status == HostingCandidature.Status.ACCEPTED and c.pk != candidature.pk), None
    )
    if other is not None:
        raise ValidationError(
            _("%(member)s's candidature is already accepted for %(year)s: only one host per year.")
            % {"member": other.member, "year": candidature.year}
        )
    now = timezone.now()
    for other in of_the_year:
        if other.pk != candidature.pk and other.status == HostingCandidature.Status.SUBMITTED:
            other.status, other.decided_by, other.decided_at = HostingCandidature.Status.DECLINED, by, now
            other.save(update_fields=["status", "decided_by", "decided_at"])
    candidature.status, candidature.decided_by, candidature.decided_at = HostingCandidature.Status.ACCEPTED, by, now
    try:
        with transaction.atomic():
            candidature.save(update_fields=["status", "decided_by", "decided_at"])
    except IntegrityError as error:  # the database's one-accepted-per-year rule, should two decisions cross
        raise ValidationError(
            _("Another candidature is already accepted for %(year)s.") % {"year": candidature.year}
        ) from error
    meeting = (
        Event.objects.select_for_update()
        .filter(kind=Event.Kind.ANNUAL_MEETING, year=candidature.year, host_member__isnull=True)
        .order_by("pk")
        .first()
    )
    if meeting is not None:
        meeting.host_member = candidature.member
        meeting.save(update_fields=["host_member", "updated_at"])
    return candidature


@transaction.atomic
def hosting_candidature_decline(*, candidature: HostingCandidature, by: User) -> HostingCandidature:
    if not permissions.can_decide_candidatures(by):
        raise PermissionDenied
    candidature = HostingCandidature.objects.select_for_update().get(pk=candidature.pk)
    if candidature.status not in (HostingCandidature.Status.SUBMITTED, HostingCandidature.Status.ACCEPTED):
        raise ValidationError(_("Only a submitted or accepted candidature can be declined."))
    candidature.status = HostingCandidature.Status.DECLINED
    candidature.decided_by = by
    candidature.decided_at = timezone.now()
    candidature.save(update_fields=["status", "decided_by", "decided_at"])
    return candidature


# ---- exceptions to the dues rule ---------------------------------------------------------------------------------


@transaction.atomic
def standing_override_grant(*, event: Event, member: Member, by: User, reason: str = "") -> StandingOverride:
    if not is_coordinator(by):
        raise PermissionDenied
    override, _created = StandingOverride.objects.update_or_create(
        event=event, member=member, defaults={"granted_by": by, "granted_at": timezone.now(), "reason": reason}
    )
    return override


# ---- personal calendar feed ------------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> CalendarFeedToken:
    """A new secret address for the user's own feed; the previous address stops working at once."""
    if not user.is_authenticated:
        raise PermissionDenied
    token, _created = CalendarFeedToken.objects.update_or_create(
        user=user,
        defaults={"token": CalendarFeedToken._meta.get_field("token").get_default(), "created_at": timezone.now()},
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> bool:
    if not user.is_authenticated:
        return False
    deleted, _details = CalendarFeedToken.objects.filter(user=user).delete()
    return bool(deleted)
