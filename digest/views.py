from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
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
    initial = {"language": request.user.preferred_language, "subscribed": _subscribed(person)}
    if request.method == "POST":
        form = DigestPreferencesForm(request.POST, can_leave=not is_focal_point)
        if form.is_valid():
            services.digest_language_set(user=request.user, language=form.cleaned_data["language"])
            if not is_focal_point:
                services.subscription_set(person=person, subscribed=form.cleaned_data["subscribed"])
            messages.success(request, _("Your preferences for the monthly digest were saved."))
            return redirect("digest:mine")
    else:
        form = DigestPreferencesForm(initial=initial, can_leave=not is_focal_point)
    return render(
        request,
        "digest/my_digest.html",
        {
            "person": person,
            "form": form,
            "is_focal_point": is_focal_point,
            "focal_point_members": [fp.member for fp in person.focal_points.filter(confirmed_on__isnull=False)],
            "receives": is_focal_point or initial["subscribed"],
        },
    )


@csrf_exempt  # RFC 8058: the reader's mail program POSTs here, without a session or a CSRF token
def unsubscribe(request, token: str):
    """One-click unsubscription from the e-mail: a GET shows a button, a POST (no login) unsubscribes.

    A GET never unsubscribes: mail scanners open links. The token is signed; it names the person.
    """
    try:
        person = builder.person_from_unsubscribe_token(token)
    except (signing.BadSignature, ValueError, TypeError, Person.DoesNotExist):
        return render(request, "digest/unsubscribe.html", {"invalid": True}, status=404)
    if services.is_focal_point(person):
        # Never in a focal point's e-mail; refused if someone forges the request.
        return render(request, "digest/unsubscribe.html", {"person": person, "focal_point": True}, status=403)
    if request.method == "POST":
        services.subscription_set(person=person, subscribed=False, by_link=True)
        return render(request, "digest/unsubscribe.html", {"person": person, "done": True})
    return render(request, "digest/unsubscribe.html", {"person": person, "subscribed": _subscribed(person)})
