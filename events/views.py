import datetime as dt
import gzip
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from actionplan.models import Theme
from common.page_cache import ALL_CONTENT, visitor_page
from common.parsing import local_url, parse_positive_int
from documents.selectors import documents_visible_to
from members.models import Member, Person
from members.permissions import is_coordinator, is_member_person, member_of
from minutes import permissions as minutes_permissions
from minutes import selectors as minutes_selectors

from . import ics, permissions, selectors, services
from .filters import EventFilter
from .forms import DeclineForm, EventProposalForm, HostingCandidatureForm, ReaderTimezoneForm, RegistrationForm
from .models import Event, HostingCandidature, Registration
from .timezones import COOKIE_MAX_AGE, COOKIE_NAME, READER_TIMEZONES, label_for, reader_timezone, same_clock

PAST_PAGE_SIZE = 20
# The years an archive feed may be asked for (others: 404, and nothing cached for them).
ARCHIVE_YEARS = (1990, 2100)
UPCOMING_PAGE_SIZE = 20


# ---- list and detail -------------------------------------------------------------------------------------------


def _feed_language(request, default: str | None = None) -> str | None:
    """The language a feed is asked in (`?lang=en`): its SUMMARY and DESCRIPTION, its name and its categories."""
    language = request.GET.get("lang")
    return language if language in {code for code, _name in settings.LANGUAGES} else default


def feed_in_requested_language(view):
    """A feed in the language of `?lang=` when it names one of the site's languages, else the reader's."""

    @wraps(view)
    def in_language(request, *args, **kwargs):
        language = _feed_language(request)
        if language is None:
            return view(request, *args, **kwargs)
        with translation.override(language):
            return view(request, *args, **kwargs)

    return in_language


@visitor_page(shows=ALL_CONTENT)
def event_list(request):
    years = selectors.event_years(user=request.user)
    event_filter = EventFilter(
        request.GET or None, queryset=selectors.upcoming_events(user=request.user, include_cancelled=True), years=years
    )
    # The next UPCOMING_PAGE_SIZE events (?upcoming=2 for the ones after), one row more tells whether there are more.
    later = _page_number(request.GET.get("upcoming"))
    first = (later - 1) * UPCOMING_PAGE_SIZE
    upcoming = list(event_filter.qs[first : first + UPCOMING_PAGE_SIZE + 1])
    past = selectors.past_events(user=request.user)
    if event_filter.is_bound:
        past = event_filter.filter_queryset(past)
    page = _page_number(request.GET.get("page"))
    start = (page - 1) * PAST_PAGE_SIZE
    # One row more than shown tells whether an older page exists, without counting every past event.
    past = list(past[start : start + PAST_PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    upcoming_query = request.GET.copy()
    upcoming_query.pop("upcoming", None)
    return render(
        request,
        "events/event_list.html",
        {
            "filter": event_filter,
            "upcoming": upcoming[:UPCOMING_PAGE_SIZE],
            "later": later,
            "has_later": len(upcoming) > UPCOMING_PAGE_SIZE,
            "upcoming_query": upcoming_query.urlencode(),
            "past": past[:PAST_PAGE_SIZE],
            "page": page,
            "has_older": len(past) > PAST_PAGE_SIZE,
            "query": query.urlencode(),
            "can_propose": request.user.is_authenticated and permissions.can_propose_events(request.user),
        },
    )


@visitor_page(shows=("events",))
@require_GET
def event_suggest(request):
    """Events the reader may see whose title holds ?q= (two letters at least), as JSON, for the documents' filter."""
    return JsonResponse(
        {"results": selectors.event_suggestions(user=request.user, text=request.GET.get("q", "")[:100])}
    )


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), 10_000)
    except (TypeError, ValueError):
        return 1


@visitor_page(shows=ALL_CONTENT)
def event_detail(request, slug: str):
    event = selectors.event_for_detail(slug=slug, user=request.user)
    if event is None:
        raise Http404
    reader_tz = reader_timezone(request)
    show_reader = bool(
        event.starts_at and not event.all_day and not same_clock(event.starts_at, event.timezone, reader_tz)
    )
    minutes = minutes_selectors.minutes_of(event)
    version = minutes.current_version if minutes is not None else None
    member_reader = minutes_permissions.can_read_minutes(request.user)
    programme = list(event.sessions.all())
    summary_available = event.kind == Event.Kind.ANNUAL_MEETING and bool(programme or version)
    # Minutes sent to every member for validation: members read that text (it is not approved, and says so).
    circulated_text = (
        version is None
        and minutes is not None
        and minutes.status == minutes.Status.CIRCULATED
        and minutes_permissions.can_see_working_minutes(request.user, minutes)
    )
    if version is not None and member_reader:
        conclusions = minutes_selectors.minutes_display(version.content)
    elif circulated_text:
        conclusions = minutes_selectors.minutes_display(minutes_selectors.minutes_snapshot(minutes=minutes))
    else:
        conclusions = None
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "programme": programme,
            "programme_timed": any(session.starts_at for session in programme),
            "multi_day": bool(event.local_days and event.local_days[0] != event.local_days[1]),
            "reader_tz": reader_tz,
            "reader_tz_label": label_for(reader_tz),
            "show_reader": show_reader,
            "timezone_form": ReaderTimezoneForm(initial={"tz": reader_tz, "next": request.get_full_path()}),
            "minutes": minutes,
            "minutes_version": version,
            "conclusions": conclusions,
            "circulated_text": circulated_text,
            "member_reader": member_reader,
            "summary_available": summary_available,
            "minutes_card": bool(
                version
                or summary_available
                or (minutes is not None and minutes.status == minutes.Status.CIRCULATED)
                or (is_coordinator(request.user) and (minutes or event.has_ended))
            ),
            "documents": documents_visible_to(user=request.user).filter(event=event),
            "side_events": selectors.events_visible_to(user=request.user).filter(parent=event),
            "registration": _registration_context(request, event),
            "is_coordinator": is_coordinator(request.user),
        },
    )


def _registration_context(request, event: Event, form: RegistrationForm | None = None) -> dict:
    """What the event page and the registration page say about registering."""
    user = request.user
    context = {"problem": services.registration_problem(event=event), "event": event}
    if event.publication != Event.Publication.PUBLISHED or not event.registration_open:
        context["hidden"] = True
        return context
    if event.has_ended and not (user.is_authenticated and permissions.can_register(user)):
        context["hidden"] = True  # nothing to do nor to read about registration once the event is over
        return context
    taken = selectors.registration_count(event=event) if event.capacity is not None else None
    context.update(taken=taken, places_left=services.places_left(event=event, taken=taken or 0))
    if not user.is_authenticated:
        context["login_needed"] = True
        return context
    if not permissions.can_register(user):
        context["not_member"] = True
        return context
    context["registrations"] = list(selectors.registrations_shown_to(event=event, user=user))
    context["coordinator"] = is_coordinator(user)
    if event.has_ended and not context["registrations"]:
        context["hidden"] = True
        return context
    member = member_of(user)
    if context["problem"]:
        return context
    if member is not None:
        context["standing_problem"] = services.standing_problem(event=event, member=member)
        if context["standing_problem"]:
            return context
    if context["places_left"] == 0:
        context["full"] = True
        return context
    people = selectors.people_user_may_register(event=event, user=user)
    if form is None:
        own = getattr(user, "person", None)
        form = RegistrationForm(people=people, initial={"person": own.pk if own else None})
    if context["coordinator"]:
        form.fields["person"].label_from_instance = lambda person: f"{person} — {person.member}"
    context["form"] = form
    context["nobody_left"] = not people.exists()
    return context


@require_GET
@feed_in_requested_language
def event_calendar_file(request, slug: str):
    """One event as an .ics file: "add to my calendar"."""
    event = selectors.event_for_detail(slug=slug, user=request.user)
    if (
        event is None
        or not (event.starts_at and event.in_calendar_feeds)
        or event.publication != Event.Publication.PUBLISHED
    ):
        raise Http404
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@csrf_exempt  # a preference cookie, like the language (rvase/urls.py): its form has no token, its page is cached
@require_POST
def set_reader_timezone(request):
    form = ReaderTimezoneForm(request.POST)
    response = HttpResponseRedirect(local_url(request.POST.get("next"), request=request, default="/events/"))
    if form.is_valid():
        response.set_cookie(COOKIE_NAME, form.cleaned_data["tz"], max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    else:
        messages.error(request, _("Unknown time zone: times are shown in the event's zone and the network's."))
    return response


# ---- registration ----------------------------------------------------------------------------------------------


@login_required
def register(request, slug: str):
    event = selectors.event_for_detail(slug=slug, user=request.user)
    if event is None:
        raise Http404
    if not permissions.can_register(request.user):
        raise PermissionDenied
    form = None
    if request.method == "POST":
        _refuse_people_of_other_members(request)
        form = RegistrationForm(request.POST, people=selectors.people_user_may_register(event=event, user=request.user))
        if form.is_valid():
            try:
                registration = services.event_register(event=event, person=form.cleaned_data["person"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _confirmation_message(registration))
                return redirect(f"{event.get_absolute_url()}#registration")
    return render(
        request,
        "events/register.html",
        {"event": event, "registration": _registration_context(request, event, form)},
    )


def _refuse_people_of_other_members(request) -> None:
    """Registering someone of another member is a 403, not a form error."""
    person_id = parse_positive_int(request.POST.get("person", ""))
    if person_id is None:
        return
    person = Person.objects.filter(pk=person_id).select_related("member").first()
    if person is not None and not permissions.can_register_person(request.user, person):
        raise PermissionDenied


def _confirmation_message(registration: Registration) -> str:
    person = registration.person
    has_address = bool(person.contact_email)
    if has_address:
        return _("%(person)s is registered. A confirmation with the event for your calendar has been e-mailed.") % {
            "person": person
        }
    return _("%(person)s is registered. We have no e-mail address for them: the confirmation went to you.") % {
        "person": person
    }


@login_required
@require_POST
def registration_cancel(request, slug: str, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("person__member", "event"), pk=pk, event__slug=slug
    )
    if not permissions.can_cancel_registration(request.user, registration):
        raise PermissionDenied
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration of %(person)s is cancelled.") % {"person": registration.person})
    return redirect(f"{registration.event.get_absolute_url()}#registration")


# ---- calendar feeds --------------------------------------------------------------------------------------------


def _feed(request, *, name: str, build, filename: str, private: bool = False) -> HttpResponse:
    """A calendar feed from the cache (events.ics). Calendar clients poll every few minutes: a conditional GET
    (If-None-Match, If-Modified-Since) whose ETag or date still holds is answered 304 from a small entry, without
    reading the feed from the cache nor building it. Last-Modified is when this version of the feed was first
    built (any change to an event makes a new version). The feed's gzip form is kept beside it, compressed once:
    a client that accepts gzip gets it without the whole feed being read and compressed again."""
    prefix = f"events:feed-meta:{ics.feed_version()}:{get_language()}:{name}"
    meta_key, zipped_key = prefix, prefix + ":gzip"
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    found = cache.get_many([meta_key, zipped_key] if accepts_gzip else [meta_key])
    meta, zipped = found.get(meta_key), found.get(zipped_key)
    if meta is not None:
        etag, modified = meta
        not_modified = get_conditional_response(request, etag=f'"{etag}"', last_modified=modified)
        if not_modified is not None:
            return _feed_headers(not_modified, etag, modified, private=private)
        if zipped is not None:
            return _feed_body(zipped, etag, modified, filename=filename, private=private, compressed=True)
    body, etag = ics.cached_feed(name=name, build=build)
    zipped = None
    if meta is None or meta[0] != etag:
        meta = (etag, int(time.time()))
        zipped = gzip.compress(body, 6, mtime=0)
        cache.set_many({meta_key: meta, zipped_key: zipped}, timeout=ics.FEED_CACHE_SECONDS)
    modified = meta[1]
    response = get_conditional_response(request, etag=f'"{etag}"', last_modified=modified)
    if response is not None:
        return _feed_headers(response, etag, modified, private=private)
    if accepts_gzip and zipped is not None:  # just compressed: not compressed again by the middleware
        return _feed_body(zipped, etag, modified, filename=filename, private=private, compressed=True)
    return _feed_body(body, etag, modified, filename=filename, private=private, compressed=False)


def _feed_body(body: bytes, etag: str, modified: int, *, filename: str, private: bool, compressed: bool):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return _feed_headers(response, etag, modified, private=private)


def _feed_headers(response: HttpResponse, etag: str, modified: int, *, private: bool) -> HttpResponse:
    response["ETag"] = f'"{etag}"'
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = ("private" if private else "public") + ", max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@feed_in_requested_language
def public_feed(request):
    """The last twelve months and everything ahead; the years before are in the archive feeds."""
    since = selectors.feed_window_start()
    return _feed(
        request,
        name=f"public:{since.isoformat()}",
        build=lambda: ics.build_feed(
            events=selectors.windowed_feed_events(members_only_included=False, since=since),
            name=_("RVASE — events of the network"),
            uid="feed-public@rvase",
        ),
        filename="rvase.ics",
    )


@require_GET
@feed_in_requested_language
def archive_feed(request, year: int):
    """One year's public events, as a calendar of its own."""
    if not ARCHIVE_YEARS[0] <= year <= ARCHIVE_YEARS[1]:
        raise Http404
    return _feed(
        request,
        name=f"archive:{year}",
        build=lambda: ics.build_feed(
            events=selectors.archive_feed_events(year=year),
            name=_("RVASE — events of %(year)s") % {"year": year},
            uid=f"feed-archive-{year}@rvase",
        ),
        filename=f"rvase-{year}.ics",
    )


@require_GET
@feed_in_requested_language
def theme_feed(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    name = _("RVASE — %(theme)s") % {"theme": theme.name}
    return _public_feed_of(request, "theme", theme, selectors.theme_feed_events(theme=theme), name)


@require_GET
@feed_in_requested_language
def member_feed(request, slug: str):
    member = get_object_or_404(Member, slug=slug)
    name = _("RVASE — %(member)s") % {"member": member.name}
    return _public_feed_of(request, "member", member, selectors.member_feed_events(member=member), name)


def _public_feed_of(request, kind: str, owner, events, name: str):
    """The public feed of a theme's or a member's events, cached (with the others) until an event changes."""
    return _feed(
        request,
        name=f"{kind}:{owner.pk}",
        build=lambda: ics.build_feed(events=events, name=name, uid=f"feed-{kind}-{owner.pk}@rvase"),
        filename=f"rvase-{owner.slug}.ics",
    )


@require_GET
def personal_feed(request, token: str):
    feed_token = selectors.feed_token(token=token)
    if feed_token is None:
        raise Http404
    members_only = is_member_person(feed_token.user)
    since = selectors.feed_window_start()
    now = timezone.now()
    if feed_token.last_used_at is None or now - feed_token.last_used_at > dt.timedelta(hours=1):
        type(feed_token).objects.filter(pk=feed_token.pk).update(last_used_at=now)
    # A personal feed is read by a calendar application, without the site's cookie: in its owner's language.
    with translation.override(_feed_language(request, feed_token.user.preferred_language)):
        return _feed(
            request,
            name=f"{'personal-members' if members_only else 'personal-public'}:{since.isoformat()}",
            build=lambda: ics.build_feed(
                events=selectors.windowed_feed_events(members_only_included=members_only, since=since),
                name=_("RVASE — my calendar"),
                uid="feed-personal-members@rvase" if members_only else "feed-personal-public@rvase",
            ),
            filename="rvase-personal.ics",
            private=True,
        )


def calendar_help(request):
    """How to subscribe: the feeds' addresses and the steps in Google Calendar, Outlook and Thunderbird."""
    token = None
    if request.user.is_authenticated:
        token = getattr(request.user, "calendar_feed_token", None)
    base = settings.SITE_URL.rstrip("/")
    host = base.split("://", 1)[-1]
    return render(
        request,
        "events/calendar_help.html",
        {
            "archive_years": selectors.feed_archive_years(),
            "public_url": base + "/events/calendar.ics",
            "webcal_url": f"webcal://{host}/events/calendar.ics",
            "personal_url": base + token.get_absolute_url() if token else None,
            "personal_webcal_url": f"webcal://{host}{token.get_absolute_url()}" if token else None,
            "token": token,
            "themes": Theme.objects.order_by("kind", "order", "name"),
            "members": Member.objects.select_related("country").order_by("country__name", "name"),
            "base": base,
            "members_only": is_member_person(request.user),
        },
    )


@login_required
@require_POST
def calendar_token_regenerate(request):
    had_one = hasattr(request.user, "calendar_feed_token")
    services.calendar_token_regenerate(user=request.user)
    if had_one:
        messages.success(request, _("Your private address was replaced: the old one no longer works."))
    else:
        messages.success(request, _("Your private address is ready: add it to your calendar."))
    return redirect("events:calendar")


@login_required
@require_POST
def calendar_token_revoke(request):
    if services.calendar_token_revoke(user=request.user):
        messages.success(request, _("Your private address was revoked: calendars using it stop updating."))
    return redirect("events:calendar")


# ---- proposals -------------------------------------------------------------------------------------------------


@login_required
def propose(request):
    members = permissions.members_user_may_propose_for(request.user)
    if not members.exists():
        raise PermissionDenied
    if request.method == "POST":
        _refuse_other_members(request, members)
        form = EventProposalForm(request.POST, members=members)
        if form.is_valid():
            try:
                event = services.event_propose(
                    by=request.user,
                    member=form.cleaned_data["member"],
                    data=form.event_data(),
                    themes=form.cleaned_data["themes"],
                )
            except ValidationError as error:
                _add_model_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your proposal was sent to the coordination. It will be in the calendar once published."),
                )
                return redirect(event.get_absolute_url())
    else:
        first = members.select_related("country").first()
        form = EventProposalForm(
            members=members,
            initial={"member": first, "country": first.country_id, "timezone": first.country.timezone},
        )
    return render(
        request,
        "events/propose.html",
        {"form": form, "timezone_names": _timezone_suggestions()},
    )


def _refuse_other_members(request, members) -> None:
    """Acting for a member one is not the focal point of is a 403, not a form error."""
    member_id = parse_positive_int(request.POST.get("member", ""))
    if member_id and not members.filter(pk=member_id).exists() and Member.objects.filter(pk=member_id).exists():
        raise PermissionDenied


def _timezone_suggestions() -> list[str]:
    return sorted({name for name, _label in READER_TIMEZONES} | {"Asia/Jakarta", "Asia/Singapore", "Asia/Tokyo"})


def _add_model_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def proposals(request):
    if not (is_coordinator(request.user) or member_of(request.user) is not None):
        raise PermissionDenied
    return render(
        request,
        "events/proposals.html",
        {
            "proposals": selectors.proposals_visible_to(user=request.user),
            "can_review": permissions.can_review_proposals(request.user),
            "can_propose": permissions.can_propose_events(request.user),
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def proposal_publish(request, pk: int):
    if not permissions.can_review_proposals(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk)
    try:
        services.event_publish(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": event.title})
    return redirect("events:proposals")


@login_required
@require_POST
def proposal_decline(request, pk: int):
    if not permissions.can_review_proposals(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal is declined: the focal point will read it."))
        return redirect("events:proposals")
    try:
        services.event_decline(event=event, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is declined.") % {"title": event.title})
    return redirect("events:proposals")


# ---- hosting candidatures --------------------------------------------------------------------------------------


@login_required
def hosting(request):
    if not permissions.can_see_candidatures(request.user):
        raise PermissionDenied
    members = permissions.members_user_may_propose_for(request.user)
    years = list(services.candidature_years())
    form = None
    if members.exists():
        if request.method == "POST":
            _refuse_other_members(request, members)
            form = HostingCandidatureForm(request.POST, members=members, years=years)
            if form.is_valid():
                try:
                    services.hosting_candidature_submit(
                        member=form.cleaned_data["member"],
                        year=form.cleaned_data["year"],
                        message=form.cleaned_data["message"],
                        by=request.user,
                    )
                except ValidationError as error:
                    _add_model_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Your offer to host the %(year)s annual meeting was sent to the coordination.")
                        % {"year": form.cleaned_data["year"]},
                    )
                    return redirect("events:hosting")
        else:
            form = HostingCandidatureForm(members=members, years=years, initial={"member": members.first()})
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "events/hosting.html",
        {
            "candidatures": selectors.candidatures_visible_to(user=request.user),
            "form": form,
            "can_decide": permissions.can_decide_candidatures(request.user),
            "offerable_member_ids": set(
                permissions.members_user_is_focal_point_of(request.user).values_list("pk", flat=True)
            ),
        },
    )


def _candidature_action(request, pk: int, action, success: str):
    candidature = get_object_or_404(HostingCandidature.objects.select_related("member"), pk=pk)
    try:
        action(candidature=candidature, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"member": candidature.member, "year": candidature.year})
    return redirect("events:hosting")


@login_required
@require_POST
def hosting_withdraw(request, pk: int):
    candidature = get_object_or_404(HostingCandidature.objects.select_related("member"), pk=pk)
    if not permissions.can_offer_hosting(request.user, candidature.member):
        raise PermissionDenied
    return _candidature_action(
        request, pk, services.hosting_candidature_withdraw, _("The offer of %(member)s for %(year)s is withdrawn.")
    )


@login_required
@require_POST
def hosting_accept(request, pk: int):
    if not permissions.can_decide_candidatures(request.user):
        raise PermissionDenied
    return _candidature_action(
        request,
        pk,
        services.hosting_candidature_accept,
        _("%(member)s will host the %(year)s annual meeting."),
    )


@login_required
@require_POST
def hosting_decline(request, pk: int):
    if not permissions.can_decide_candidatures(request.user):
        raise PermissionDenied
    return _candidature_action(
        request, pk, services.hosting_candidature_decline, _("The offer of %(member)s for %(year)s is not retained.")
    )
