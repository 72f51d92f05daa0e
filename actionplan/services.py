"""Writes of the action plan. Each records who did it and when, and checks before it saves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import send_templated_email

from . import permissions
from .models import Action, ActionPlan, Axis, ProgressUpdate, Project
from .resources import PlanImportReport, import_plan_csv

if TYPE_CHECKING:
    import datetime as dt


# ---- progress notes ------------------------------------------------------------------------------------------


def _lock(target: Action | Project) -> Action | Project:
    return type(target).objects.select_for_update().get(pk=target.pk)


def _check_status(target: Action | Project, status: str) -> None:
    if status not in dict(type(target).Status.choices):
        raise ValidationError(_("“%(status)s” is not a status of this item.") % {"status": status})


def _apply_status(*, update: ProgressUpdate, target: Action | Project, status: str, by: User) -> None:
    """Set the target's status from a note, and record on the note what changed, who decided and when."""
    locked = _lock(target)
    update.previous_status = locked.status
    update.applied_status = status
    update.review = ProgressUpdate.Review.ACCEPTED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    if locked.status != status:
        locked.status = status
        locked.save(update_fields=["status"])
    target.status = status


@transaction.atomic
def progress_note_post(
    *, target: Action | Project, author: User, text: str, date: dt.date, proposed_status: str = ""
) -> ProgressUpdate:
    """A progress note on an action or a project. A focal point's proposed status waits for the coordinator,
    who is told by e-mail; the coordinator's own status change applies at once."""
    if not permissions.can_post_progress(author, target):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Write what has happened."))
    if proposed_status:
        _check_status(target, proposed_status)
    update = ProgressUpdate(
        action=target if isinstance(target, Action) else None,
        project=target if isinstance(target, Project) else None,
        author=author,
        text=text,
        date=date,
        proposed_status=proposed_status,
    )
    coordinator = permissions.can_review_progress(author)
    if proposed_status and coordinator:
        _apply_status(update=update, target=target, status=proposed_status, by=author)
    elif proposed_status:
        update.review = ProgressUpdate.Review.PENDING
    update.full_clean()
    update.save()
    if not coordinator:
        from .tasks import notify_coordinators_of_progress_note

        notify_coordinators_of_progress_note.delay_on_commit(update_id=update.pk)
    return update


@transaction.atomic
def progress_note_review(*, update: ProgressUpdate, by: User, status: str | None) -> ProgressUpdate:
    """The coordinator applies a proposed status (or another one: `status`), or declines it (`status=None`)."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    update = (
        ProgressUpdate.objects.select_for_update(of=("self",)).select_related("action", "project").get(pk=update.pk)
    )
    if not update.is_pending:
        raise ValidationError(_("This note has already been reviewed."))
    if status is None:
        update.review = ProgressUpdate.Review.DECLINED
        update.reviewed_by = by
        update.reviewed_at = timezone.now()
    else:
        _check_status(update.target, status)
        _apply_status(update=update, target=update.target, status=status, by=by)
    update.save(update_fields=["review", "previous_status", "applied_status", "reviewed_by", "reviewed_at"])
    if update.author_id and update.author_id != by.pk:
        from .tasks import notify_author_of_progress_review

        notify_author_of_progress_review.delay_on_commit(update_id=update.pk)
    return update


@transaction.atomic
def status_set(*, target: Action | Project, status: str, by: User, note: str = "") -> ProgressUpdate | None:
    """The coordinator changes a status directly (in the admin): the change goes into the history."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    _check_status(target, status)
    current = _lock(target).status
    if current == status:
        return None
    update = ProgressUpdate(
        action=target if isinstance(target, Action) else None,
        project=target if isinstance(target, Project) else None,
        author=by,
        text=note.strip(),
        date=timezone.localdate(),
        proposed_status=status,
    )
    _apply_status(update=update, target=target, status=status, by=by)
    update.save()
    return update


def progress_note_notify_coordinators(*, update: ProgressUpdate) -> int:
    """E-mail every active coordinator about a focal point's note; return how many were sent."""
    from coordination.recipients import coordinators_told_immediately

    recipients = coordinators_told_immediately()
    if update.author_id:
        recipients = recipients.exclude(pk=update.author_id)
    target = update.target
    person = getattr(update.author, "person", None) if update.author else None
    context = {
        "update": update,
        "target": target,
        "is_action": update.action_id is not None,
        "author_name": str(update.author) if update.author else "",
        "member": person.member if person else None,
        "target_url": target.get_absolute_url(),
        "review_url": reverse("actionplan:progress-review", kwargs={"pk": update.pk}),
    }
    sent = 0
    for user in recipients:
        send_templated_email(
            template="actionplan/email/progress_note",
            to=[user.email],
            language=user.preferred_language,
            context={**context, "recipient": user},
        )
        sent += 1
    return sent


def progress_note_notify_author(*, update: ProgressUpdate) -> bool:
    """Tell the author of a proposed status what the coordinator decided; False when there is nobody to tell."""
    author = update.author
    decided = (ProgressUpdate.Review.ACCEPTED, ProgressUpdate.Review.DECLINED)
    if author is None or not author.is_active or update.review not in decided:
        return False
    person = getattr(author, "person", None)
    address = person.contact_email if person else author.email
    if not address:
        return False
    target = update.target
    send_templated_email(
        template="actionplan/email/progress_review",
        to=[address],
        language=person.language if person else author.preferred_language,
        context={
            "recipient": author,
            "update": update,
            "target": target,
            "is_action": update.action_id is not None,
            "accepted": update.review == ProgressUpdate.Review.ACCEPTED,
            "reviewer_name": str(update.reviewed_by) if update.reviewed_by else "",
            "target_url": target.get_absolute_url(),
        },
    )
    return True


# ---- numbering -----------------------------------------------------------------------------------------------


def _renumber(plan: ActionPlan, numbers: dict[int, int]) -> None:
    """Give actions (pk → number) their new numbers without ever holding two rows with the same (plan, number).

    PostgreSQL checks the unique constraint row by row, so the moving rows are first parked above every number in
    use, then set to their final numbers.
    """
    if not numbers:
        return
    highest = Action.objects.filter(plan=plan).aggregate(highest=Max("number"))["highest"] or 0
    Action.objects.filter(pk__in=list(numbers)).update(number=F("number") + highest)
    actions = list(Action.objects.filter(pk__in=list(numbers)))
    for action in actions:
        action.number = numbers[action.pk]
    Action.objects.bulk_update(actions, ["number"])


@transaction.atomic
def action_move(*, action: Action, number: int, by: User) -> Action:
    """Give an action another number in its plan; the actions in between shift by one, numbers stay unique."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    ActionPlan.objects.select_for_update().get(pk=action.plan_id)
    current = list(Action.objects.filter(plan_id=action.plan_id).order_by("number").values_list("pk", "number"))
    old = dict(current)[action.pk]
    highest = current[-1][1]
    if not 1 <= number <= highest:
        raise ValidationError(_("Choose a number between 1 and %(highest)s.") % {"highest": highest})
    if number == old:
        return action
    if number < old:
        moves = {pk: n + 1 for pk, n in current if number <= n < old}
    else:
        moves = {pk: n - 1 for pk, n in current if old < n <= number}
    moves[action.pk] = number
    _renumber(action.plan, moves)
    action.refresh_from_db(fields=["number"])
    return action


@transaction.atomic
def plan_renumber(*, plan: ActionPlan, by: User) -> int:
    """Number the plan's actions 1…n in their current order, closing the gaps; return how many changed."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    current = Action.objects.filter(plan=plan).order_by("number").values_list("pk", "number")
    moves = {pk: position for position, (pk, number) in enumerate(current, start=1) if number != position}
    _renumber(plan, moves)
    return len(moves)


# ---- the next year's plan ------------------------------------------------------------------------------------


CONTENT_LANGUAGES = ("fr", "en")


def _texts(obj, *fields: str) -> dict:
    """Translated fields copied in every language (the plain name would copy only the active language's)."""
    return {
        f"{field}_{language}": getattr(obj, f"{field}_{language}") for field in fields for language in CONTENT_LANGUAGES
    }


def _next_year_title(title: str | None, year: int, next_year: int) -> str | None:
    if not title:
        return title
    return title.replace(str(year), str(next_year)) if str(year) in title else f"{title} {next_year}"


@transaction.atomic
def plan_start_next_year(*, plan: ActionPlan, by: User) -> ActionPlan:
    """Start plan Y+1 from plan Y: same axes, and the actions not done carried over, numbered 1…n in their order."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    year = plan.year + 1
    if ActionPlan.objects.filter(year=year).exists():
        raise ValidationError(
            _("The %(year)s plan already exists: nothing was copied. Edit it, or delete it first to start again.")
            % {"year": year}
        )
    titles = {
        f"title_{language}": _next_year_title(getattr(plan, f"title_{language}"), plan.year, year)
        for language in CONTENT_LANGUAGES
    }
    try:
        with transaction.atomic():
            new_plan = ActionPlan.objects.create(
                year=year, **titles, started_from=plan, created_by=by, created_at=timezone.now()
            )
    except IntegrityError as error:  # created meanwhile by someone else
        raise ValidationError(_("The %(year)s plan already exists: nothing was copied.") % {"year": year}) from error
    axes = {
        axis.pk: Axis.objects.create(plan=new_plan, number=axis.number, **_texts(axis, "title", "objective"))
        for axis in plan.axes.order_by("number")
    }
    unfinished = (
        plan.actions.exclude(status=Action.Status.DONE)
        .prefetch_related("members", "themes", "partners", "projects")
        .order_by("number")
    )
    for number, old in enumerate(unfinished, start=1):
        action = Action.objects.create(
            plan=new_plan,
            axis=axes[old.axis_id],
            number=number,
            **_texts(old, "activities", "current_state", "planned_activities", "proposals"),
            status=old.status,
            carried_over_from=old,
        )
        action.members.set(old.members.all())
        action.themes.set(old.themes.all())
        action.partners.set(old.partners.all())
        for project in old.projects.all():
            project.actions.add(action)
    return new_plan


# ---- CSV import ----------------------------------------------------------------------------------------------


def plan_import(*, plan: ActionPlan, content: bytes, by: User, dry_run: bool) -> PlanImportReport:
    """Check or import a plan's CSV file (see actionplan.resources): one wrong line and nothing is written."""
    if not permissions.can_review_progress(by):
        raise PermissionDenied
    with transaction.atomic():
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        return import_plan_csv(plan=plan, content=content, by=by, dry_run=dry_run)
