"""Every change to events, registrations, proposals, hosting candidatures and feed addresses goes through here."""

from __future__ import annotations

import email.utils
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import send_templated_email
from members.models import Member, Person
from members.permissions import is_coordinator
from members.selectors import member_is_in_good_standing

from . import permissions, selectors
from .ics import absolute_url, event_ics
from .models import (
    RESERVED_SLUGS,
    CalendarFeedToken,
    CirculationEmail,
    Decision,
    Event,
    HostingCandidature,
    Minutes,
    MinutesComment,
    MinutesVersion,
    Registration,
    StandingOverride,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from actionplan.models import Theme
    from documents.models import DocumentVersion


def _tasks():
    # Imported late: the tasks module imports this one.
    from . import tasks

    return tasks


def coordination_address() -> str:
    return email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _notify_coordination(*, kind: str, object_id: int) -> None:
    from coordination.tasks import notify_waiting

    notify_waiting.delay_on_commit(kind=kind, object_id=object_id)


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
        attachments=[(f"{event.slug}.ics", event_ics(event), "text/calendar")],
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
        **data,
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
    _notify_coordination(kind="hosting", object_id=candidature.pk)
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


# ---- minutes -----------------------------------------------------------------------------------------------------


def _require_manager(by: User) -> None:
    if not permissions.can_manage_minutes(by):
        raise PermissionDenied


def _lock_minutes(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("event", "current_version").get(pk=minutes.pk)


def _require_held(minutes: Minutes) -> None:
    """Minutes say what happened: they are circulated and approved once the event has taken place."""
    event = minutes.event
    if event.starts_at is None:
        raise ValidationError(
            _(
                "The date of “%(event)s” is still to be confirmed: its minutes can be circulated and approved once "
                "it has taken place."
            )
            % {"event": event.title},
            code="not_held",
        )
    if not event.has_ended:
        raise ValidationError(
            _(
                "“%(event)s” has not taken place yet (it ends on %(date)s): its minutes can be circulated and "
                "approved only afterwards."
            )
            % {"event": event.title, "date": _local(event, event.ends_at or event.starts_at)},
            code="not_held",
        )


def _changed_since_approval(minutes: Minutes) -> bool:
    version = minutes.current_version
    return version is None or selectors.minutes_fingerprint(minutes=minutes) != version.fingerprint


@transaction.atomic
def minutes_edited(*, minutes: Minutes, by: User) -> Minutes:
    """Record that the coordination changed the text (in the admin, or by accepting an amendment).

    Approved minutes whose text now differs from the approved version go back to draft: the approved version
    stays what members read until the change is circulated and approved as the next version.
    """
    _require_manager(by)
    minutes = _lock_minutes(minutes)
    minutes.edited_by = by
    minutes.edited_at = timezone.now()
    fields = ["edited_by", "edited_at"]
    if minutes.status == Minutes.Status.APPROVED and _changed_since_approval(minutes):
        minutes.status = Minutes.Status.DRAFT
        fields.append("status")
    minutes.save(update_fields=fields)
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, by: User) -> Minutes:
    """Send the text to the attendees (an e-mail with a link each) for their comments and amendments."""
    _require_manager(by)
    minutes = _lock_minutes(minutes)
    _require_held(minutes)
    if minutes.status == Minutes.Status.CIRCULATED:
        raise ValidationError(_("These minutes are already circulated to the attendees."), code="circulated")
    if minutes.status == Minutes.Status.APPROVED and not _changed_since_approval(minutes):
        raise ValidationError(
            _("These minutes are approved and unchanged since: there is nothing new to circulate."),
            code="unchanged",
        )
    if not minutes.attendees.exists():
        raise ValidationError(_("List the attendees first: the minutes are circulated to them."), code="no_attendees")
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_on = timezone.localdate()
    minutes.circulated_by = by
    minutes.circulation_count += 1
    minutes.save(update_fields=["status", "circulated_on", "circulated_by", "circulation_count"])
    _tasks().send_minutes_circulated.delay_on_commit(minutes_id=minutes.pk, circulation=minutes.circulation_count)
    return minutes


def send_minutes_circulated(*, minutes: Minutes) -> int:
    """One e-mail per recipient (their own language), with the link to the minutes page. Returns how many were sent.

    Each e-mail is recorded in the transaction that sends it: when the mail server fails half-way, the
    retried task writes only to the people who did not get theirs; the same task delivered twice waits on
    the other's record and sends nothing.
    """
    recipients, _missing = selectors.circulation_recipients(minutes=minutes)
    url = absolute_url(minutes.get_absolute_url())
    sent = 0
    for recipient in recipients:
        try:
            with transaction.atomic():
                CirculationEmail.objects.create(
                    minutes=minutes, circulation=minutes.circulation_count, address=recipient["address"]
                )
                send_templated_email(
                    template="events/email/minutes_circulated",
                    to=[recipient["address"]],
                    context={"minutes": minutes, "event": minutes.event, "minutes_url": url, "name": recipient["name"]},
                    language=recipient["language"] or settings.LANGUAGE_CODE,
                )
        except IntegrityError:
            continue  # already written to for this circulation
        sent += 1
    return sent


def _freeze(*, minutes: Minutes, by: User | None, approved_on) -> tuple[MinutesVersion, bool]:
    """Freeze the current text as the next version, unless it is the text of the version approved last."""
    content = selectors.minutes_snapshot(minutes=minutes)
    fingerprint = selectors.snapshot_fingerprint(content)
    latest = MinutesVersion.objects.filter(minutes=minutes).order_by("-number").first()
    if latest is not None and latest.fingerprint == fingerprint:
        return latest, False
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=(latest.number + 1) if latest else 1,
        content=content,
        fingerprint=fingerprint,
        approved_on=approved_on,
        approved_at=timezone.now() if by is not None else None,
        approved_by=by,
    )
    return version, True


@transaction.atomic
def minutes_approve(
    *, minutes: Minutes, by: User, confirm_without_decisions: bool = False
) -> tuple[MinutesVersion, bool]:
    """Approve the circulated text: it is frozen as the next version, whose PDFs are then rendered and archived.

    Returns the version and whether it is new (approving a text identical to the last version makes none).
    Minutes without any decision or recommendation need `confirm_without_decisions`.
    """
    _require_manager(by)
    minutes = _lock_minutes(minutes)
    _require_held(minutes)
    if minutes.status == Minutes.Status.APPROVED:
        if _changed_since_approval(minutes):
            raise ValidationError(
                _("These minutes changed since they were approved: circulate the changes to the attendees first."),
                code="not_circulated",
            )
        raise ValidationError(_("These minutes are already approved."), code="approved")
    if minutes.status == Minutes.Status.DRAFT:
        raise ValidationError(_("Circulate the minutes to the attendees before approving them."), code="not_circulated")
    if not confirm_without_decisions and not minutes.decisions.exists():
        raise ValidationError(_("These minutes have no decision and no recommendation."), code="no_decisions")
    today = timezone.localdate()
    version, created = _freeze(minutes=minutes, by=by, approved_on=today)
    minutes.status = Minutes.Status.APPROVED
    minutes.current_version = version
    fields = ["status", "current_version"]
    if created:
        minutes.approved_on = today
        fields.append("approved_on")
        _tasks().render_minutes_version.delay_on_commit(version_id=version.pk)
    minutes.save(update_fields=fields)
    return version, created


@transaction.atomic
def minutes_record_approved_text(*, minutes: Minutes, approved_on=None) -> tuple[MinutesVersion, bool]:
    """Approved minutes loaded from elsewhere (the 2023 deck): their text becomes a version if it is a new one.

    Loading the same text again makes no new version; nothing is rendered here (the first download renders).
    """
    minutes = _lock_minutes(minutes)
    version, created = _freeze(minutes=minutes, by=None, approved_on=approved_on)
    if minutes.current_version_id != version.pk or minutes.status != Minutes.Status.APPROVED:
        minutes.current_version = version
        minutes.status = Minutes.Status.APPROVED
        minutes.save(update_fields=["current_version", "status"])
    return version, created


@transaction.atomic
def minutes_comment_add(
    *,
    minutes: Minutes,
    by: User,
    text: str,
    kind: str = MinutesComment.Kind.COMMENT,
    decision: Decision | None = None,
    proposed_text: str = "",
) -> MinutesComment:
    """An attendee comments on the circulated minutes, or proposes another wording (of a decision, or of the summary
    when no decision is named)."""
    minutes = _lock_minutes(minutes)
    if not permissions.can_comment_minutes(by, minutes):
        raise PermissionDenied
    text, proposed_text = text.strip(), proposed_text.strip()
    if decision is not None and decision.minutes_id != minutes.pk:
        raise ValidationError({"decision": _("Choose one of the decisions of these minutes.")})
    if kind == MinutesComment.Kind.AMENDMENT:
        if not proposed_text:
            raise ValidationError({"proposed_text": _("Write the wording you propose.")})
    elif kind == MinutesComment.Kind.COMMENT:
        if not text:
            raise ValidationError({"text": _("Write your comment.")})
        proposed_text = ""
    else:
        raise ValidationError({"kind": _("Choose a comment or a proposed amendment.")})
    comment = MinutesComment.objects.create(
        minutes=minutes, author=by, kind=kind, decision=decision, text=text, proposed_text=proposed_text
    )
    _tasks().notify_minutes_comment.delay_on_commit(comment_id=comment.pk)
    return comment


def notify_minutes_comment(*, comment: MinutesComment) -> None:
    send_templated_email(
        template="events/email/minutes_comment",
        to=coordinator_addresses(),
        context={
            "comment": comment,
            "event": comment.minutes.event,
            "author": comment.author,
            "minutes_url": absolute_url(comment.minutes.get_absolute_url()) + f"#comment-{comment.pk}",
        },
    )


@transaction.atomic
def minutes_comment_answer(*, comment: MinutesComment, by: User, status: str, answer: str = "") -> MinutesComment:
    """The coordination accepts, declines or notes a comment. An accepted amendment of a decision replaces its text."""
    _require_manager(by)
    comment = (
        MinutesComment.objects.select_for_update(of=("self",)).select_related("minutes", "decision").get(pk=comment.pk)
    )
    if comment.status != MinutesComment.Status.OPEN:
        raise ValidationError(_("This comment has already been answered."), code="answered")
    if status not in (MinutesComment.Status.ACCEPTED, MinutesComment.Status.DECLINED, MinutesComment.Status.NOTED):
        raise ValidationError(_("Choose how the comment is answered."), code="invalid")
    if comment.minutes.status == Minutes.Status.APPROVED and status == MinutesComment.Status.ACCEPTED:
        raise ValidationError(
            _("These minutes are approved: change them in the administration, then circulate them again."),
            code="approved",
        )
    comment.status = status
    comment.answer = answer.strip()
    comment.answered_by = by
    comment.answered_at = timezone.now()
    comment.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if (
        status == MinutesComment.Status.ACCEPTED
        and comment.kind == MinutesComment.Kind.AMENDMENT
        and comment.proposed_text
    ):
        if comment.decision is not None:
            comment.decision.text = comment.proposed_text
            comment.decision.save(update_fields=["text"])
        else:
            comment.minutes.summary = comment.proposed_text
            comment.minutes.save(update_fields=["summary"])
        minutes_edited(minutes=comment.minutes, by=by)
    return comment


@transaction.atomic
def minutes_version_archive(*, version: MinutesVersion, by: User) -> DocumentVersion | None:
    """Put the version's PDF (in the network's language) in the document archive: a new document for the first
    approved version, a new version of that document for the next ones. Does nothing twice.

    Returns None when the PDF cannot be rendered now (the failure is reported; archiving can be done later).
    """
    from documents.models import Document
    from documents.services import document_create, document_version_add

    from . import pdfs

    _require_manager(by)
    version = MinutesVersion.objects.select_for_update(of=("self",)).select_related("minutes__event").get(pk=version.pk)
    if version.archived_as_id:
        return version.archived_as
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("archive_document", "event")
        .get(pk=version.minutes_id)
    )
    language = settings.LANGUAGE_CODE
    try:
        stored = pdfs.minutes_pdf(version=version, language=language)
    except pdfs.PDFUnavailable:
        return None
    event = minutes.event
    with stored.file.open("rb") as handle:
        upload = ContentFile(handle.read(), name=f"{event.slug}-minutes-v{version.number}.pdf")
    with translation.override(language):
        title = _("Minutes — %(event)s") % {"event": event.title}
        description = _("Approved version %(number)s of the minutes, filed automatically on approval.") % {
            "number": version.number
        }
    document = minutes.archive_document
    if document is None:
        document = document_create(
            by=by,
            data={
                "title": title,
                "description": description,
                "category": Document.Category.MINUTES,
                "event": event,
                "language": language,
                "visibility": Document.Visibility.MEMBERS,
                "published_on": version.approved_on or timezone.localdate(),
            },
            uploaded_file=upload,
        )
        archived = document.versions.get()
        minutes.archive_document = document
        minutes.save(update_fields=["archive_document"])
    else:
        archived = document_version_add(document=document, by=by, uploaded_file=upload)
        if document.description != description:
            document.description = description
            document.save(update_fields=["description"])
    version.archived_as = archived
    version.save(update_fields=["archived_as"])
    return archived
