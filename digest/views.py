from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from members.models import Person

from . import builder, services
from .forms import DigestPreferencesForm
from .models import Subscription


def _subscribed(person: Person) -> bool:
    return Subscription.objects.filter(person=person, subscribed=True).exists()


@login_required
def my_digest(request):
    """The reader's monthly digest: the language it comes in and, for those who may leave it, whether it comes."""
    person = Person.objects.select_related("member").filter(user=request.user).first()
    if person is None or (person.member_id is None and not services.is_focal_point(person)):
        return render(request, "digest/my_digest.html", {"person": person, "not_for_you": True})
    is_focal_point = services.is_focal_point(person)
    left = services.has_left_digest(person)
    subscribed = (is_focal_point or _subscribed(person)) and not left
    initial = {"language": request.user.preferred_language, "subscribed": subscribed}
    if request.method == "POST":
        form = DigestPreferencesForm(request.POST)
        if form.is_valid():
            services.digest_language_set(user=request.user, language=form.cleaned_data["language"])
            services.digest_preference_set(person=person, receives=form.cleaned_data["subscribed"])
            messages.success(request, _("Your preferences for the monthly digest were saved."))
            return redirect("digest:mine")
    else:
        form = DigestPreferencesForm(initial=initial)
    return render(
        request,
        "digest/my_digest.html",
        {
            "person": person,
            "form": form,
            "is_focal_point": is_focal_point,
            "focal_point_members": [fp.member for fp in person.focal_points.filter(confirmed_on__isnull=False)],
            "receives": subscribed,
        },
    )


@csrf_exempt  # RFC 8058: the reader's mail program POSTs here, without a session or a CSRF token
def unsubscribe(request, token: str):
    """One-click unsubscription from the links of digests sent before common.email's own (/mail/unsubscribe/…):
    a GET shows a button, a POST (no login) unsubscribes, a focal point as well as a subscriber.

    A GET never unsubscribes: mail scanners open links. The token is signed; it names the person.
    """
    try:
        person = builder.person_from_unsubscribe_token(token)
    except (signing.BadSignature, ValueError, TypeError, Person.DoesNotExist):
        return render(request, "digest/unsubscribe.html", {"invalid": True}, status=404)
    with translation.override(person.language):  # the page answers in the reader's language
        if request.method == "POST":
            services.digest_leave_by_link(person=person)
            return render(request, "digest/unsubscribe.html", {"person": person, "done": True})
        receives = (services.is_focal_point(person) or _subscribed(person)) and not services.has_left_digest(person)
        return render(request, "digest/unsubscribe.html", {"person": person, "subscribed": receives})
