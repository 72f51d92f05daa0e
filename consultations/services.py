import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import Mailing, send_templated_email
from common.signals import something_waits
from members.models import FocalPoint, Member
from members.selectors import members_in_good_standing

from .models import Consultation, ReminderSent, Response, ResponseChange


def default_eligible_members(*, year: int):
    """Every member in good standing for the year (the coordinator may adjust the list)."""
    return members_in_good_standing(year=year)


@transaction.atomic
def consultation_open(*, by: User | None, eligible=None, **fields) -> Consultation:
    consultation = Consultation(created_by=by, **fields)
    consultation.full_clean(exclude=["eligible_members", "documents"])
    consultation.save()
    if eligible is None:
        eligible = default_eligible_members(year=timezone.localtime(consultation.opened_on).year)
    consultation.eligible_members.set(eligible)
    return consultation


def ineligibility_reason(*, consultation: Consultation, member: Member) -> str | None:
    """None when the member may answer; otherwise the reason, in words its people understand."""
    if consultation.eligible_members.filter(pk=member.pk).exists():
        return None
    year = timezone.localtime(consultation.opened_on).year
    if not members_in_good_standing(year=year).filter(pk=member.pk).exists():
        return _(
            "%(member)s is not among the members consulted: its dues for %(year)s were not settled when the round "
            "opened. Contact the coordination."
        ) % {"member": member.name, "year": year}
    return _("%(member)s is not among the members the coordination consulted on this text.") % {"member": member.name}


@transaction.atomic
def response_submit(
    *, consultation: Consultation, member: Member, by: User, answer: str, comment: str = "", now=None
) -> Response:
    """Record a member's answer (replacing its previous one, which stays in the history)."""
    now = now or timezone.now()
    # One answer at a time per round: concurrent answers for a member are applied one after the other.
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_closed or now >= consultation.deadline:
        raise ValidationError(_("The deadline has passed: answers are no longer accepted."))
    if now < consultation.opened_on:
        raise ValidationError(_("This round is not open yet."))
    reason = ineligibility_reason(consultation=consultation, member=member)
    if reason:
        raise PermissionDenied(reason)
    if not FocalPoint.objects.acting().filter(member=member, person__user=by).exists():
        raise PermissionDenied(_("Only the member's focal point answers for it."))
    comment = comment.strip()
    allowed = (
        [Response.Answer.COMPLETED]
        if consultation.kind == Consultation.Kind.QUESTIONNAIRE
        else [Response.Answer.APPROVE, Response.Answer.APPROVE_WITH_COMMENTS, Response.Answer.OBJECT]
    )
    if answer not in allowed:
        raise ValidationError(_("Choose one of the answers offered."))
    if answer == Response.Answer.OBJECT and not comment:
        raise ValidationError(_("An objection needs a reason."))
    if answer == Response.Answer.APPROVE_WITH_COMMENTS and not comment:
        raise ValidationError(_("Write your comments, or choose “Approve”."))
    response, _created = Response.objects.update_or_create(
        consultation=consultation,
        member=member,
        defaults={"answer": answer, "comment": comment, "answered_by": by, "answered_at": now},
    )
    ResponseChange.objects.create(
        consultation=consultation, member=member, answer=answer, comment=comment, answered_by=by, answered_at=now
    )
    something_waits.send(sender=Response, kind="answer", object_id=response.pk)
    return response


def consultation_tally(*, consultation: Consultation) -> dict:
    """Count the answers by the round's rules; one row per eligible member."""
    eligible = list(consultation.eligible_members.select_related("country").order_by("country__name", "name"))
    responses = {r.member_id: r for r in consultation.responses.select_related("answered_by")}
    rows = []
    for member in eligible:
        response = responses.get(member.pk)
        rows.append(
            {
                "member": member.name,
                "slug": member.slug,
                "country": member.country.name,
                "answer": response.answer if response else "",
                "comment": response.comment if response else "",
                "answered_at": response.answered_at.isoformat() if response else "",
            }
        )
    if consultation.kind == Consultation.Kind.QUESTIONNAIRE:
        answered = sum(1 for row in rows if row["answer"])
        return {"rows": rows, "eligible": len(rows), "answered": answered, "result": ""}
    if not consultation.rules_stated:
        # No rule, no result: the round's answers are counted and nothing is concluded from them.
        answered = sum(1 for row in rows if row["answer"])
        return {"rows": rows, "eligible": len(rows), "answered": answered, "result": ""}
    counts = count_answers(
        answers=[row["answer"] for row in rows],
        quorum=consultation.quorum,
        threshold=consultation.approval_threshold,
        tacit_approval=consultation.tacit_approval,
    )
    return {"rows": rows, **counts}


def count_answers(*, answers: list[str], quorum: Decimal, threshold: Decimal, tacit_approval: bool) -> dict:
    """The result of a validation round from its members' answers ("" for a member that did not answer).

    - Without tacit approval, the answers must reach the quorum (a share of the members consulted),
      then the round is validated when the approvals reach the threshold (a share of the answers).
    - With tacit approval, silence is consent: each silent member counts as an approval, so the
      quorum does not apply and only objections can reject the text.
    """
    eligible = len(answers)
    answered = [answer for answer in answers if answer]
    approvals = sum(1 for answer in answered if answer in ("approve", "approve_with_comments"))
    objections = sum(1 for answer in answered if answer == "object")
    silent = eligible - len(answered)
    if tacit_approval:
        approvals += silent
        counted = eligible
        quorum_reached = eligible > 0
    else:
        counted = len(answered)
        quorum_reached = counted > 0 and Decimal(counted) >= quorum * eligible
    approval_share = Decimal(approvals) / counted if counted else Decimal(0)
    if not quorum_reached:
        result = Consultation.Result.NO_QUORUM
    elif approval_share >= threshold:
        result = Consultation.Result.VALIDATED
    else:
        result = Consultation.Result.REJECTED
    return {
        "eligible": eligible,
        "answered": len(answered),
        "silent": silent,
        "approvals": approvals,
        "objections": objections,
        "quorum_reached": quorum_reached,
        "approval_share": str(approval_share.quantize(Decimal("0.001"))),
        "result": str(result),
    }


@transaction.atomic
def consultation_close(*, consultation: Consultation, now=None) -> Consultation:
    """Compute the result and freeze it with the tally; closing twice changes nothing."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_closed:
        return consultation
    tally = consultation_tally(consultation=consultation)
    consultation.tally = tally
    consultation.result = tally["result"]
    consultation.closed_at = now or timezone.now()
    consultation.save(update_fields=["tally", "result", "closed_at"])
    return consultation


def consultations_close_due(*, now=None) -> list[int]:
    now = now or timezone.now()
    closed = []
    for consultation in Consultation.objects.filter(closed_at__isnull=True, deadline__lte=now):
        consultation_close(consultation=consultation, now=now)
        closed.append(consultation.pk)
    return closed


def _focal_point_addresses(*, member: Member) -> list[tuple[str, str]]:
    """(address, language) of the member's focal points."""
    addresses = []
    for focal_point in member.focal_points.acting().select_related("person__user"):
        person = focal_point.person
        if person.contact_email:
            addresses.append((person.contact_email, person.language))
    return addresses


def reminders_send(*, now=None) -> int:
    """Remind the focal points of members that have not answered; each step is sent once per member."""
    now = now or timezone.now()
    sent = 0
    open_rounds = Consultation.objects.filter(closed_at__isnull=True, opened_on__lte=now, deadline__gt=now)
    for consultation in open_rounds.prefetch_related("eligible_members"):
        due = [
            days
            for days in consultation.reminder_day_list
            if now >= consultation.deadline - datetime.timedelta(days=days)
        ]
        if not due:
            continue
        step = min(due)  # the step that applies now; earlier ones missed are not sent late
        answered = set(consultation.responses.values_list("member_id", flat=True))
        for member in consultation.eligible_members.all():
            if member.pk in answered:
                continue
            with transaction.atomic():
                reminder, created = ReminderSent.objects.get_or_create(
                    consultation=consultation, member=member, days_before=step
                )
                if not created:
                    continue
                # An address that left the reminders (List-Unsubscribe) is not written to: common.email.
                written = [
                    address
                    for address, language in _focal_point_addresses(member=member)
                    if send_templated_email(
                        template="consultations/email/reminder",
                        to=[address],
                        language=language,
                        context={"consultation": consultation, "member": member, "days": step},
                        mailing=Mailing.CONSULTATION_REMINDERS,
                    )
                ]
                reminder.recipients = written
                reminder.save(update_fields=["recipients"])
                sent += len(written)
    return sent
