"""Every change to minutes goes through here: writing, circulating, comments and amendments, approval, archiving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import Mailing, send_templated_email
from documents.models import Document
from documents.services import document_create, document_version_add
from events.ics import absolute_url
from events.services import coordinator_addresses

from . import pdfs, permissions, selectors
from .models import CirculationEmail, Decision, Minutes, MinutesComment, MinutesVersion

if TYPE_CHECKING:
    from documents.models import DocumentVersion


def _tasks():
    # Imported late: the tasks module imports this one.
    from . import tasks

    return tasks


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
            % {"event": event.title, "date": date_format(event.local_end or event.local_start, "DATETIME_FORMAT")},
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
                written = send_templated_email(
                    template="minutes/email/minutes_circulated",
                    to=[recipient["address"]],
                    context={"minutes": minutes, "event": minutes.event, "minutes_url": url, "name": recipient["name"]},
                    language=recipient["language"] or settings.LANGUAGE_CODE,
                    mailing=Mailing.MINUTES_CIRCULATION,
                )
        except IntegrityError:
            continue  # already written to for this circulation
        sent += written  # not when the address left the circulations (List-Unsubscribe): common.email
    return sent


def _freeze(*, minutes: Minutes, by: User | None, approved_on) -> tuple[MinutesVersion, bool]:
    """Freeze the current text as the next version, unless it is the text of the version approved last."""
    content = selectors.minutes_record_snapshot(minutes=minutes)
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
        template="minutes/email/minutes_comment",
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


def minutes_version_publish(*, version: MinutesVersion, force: bool = False) -> dict[str, bool]:
    """After an approval: render the version's PDFs in every language (or, with force, render them again), then
    file it in the document archive in the name of the coordinator who approved it. Says which PDFs are available.
    """
    available = pdfs.render_minutes_version(version=version, force=force)
    by = version.approved_by
    if by is not None and by.is_active and by.is_coordinator and not version.archived_as_id:
        minutes_version_archive(version=version, by=by)
    return available
