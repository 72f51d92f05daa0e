from allauth.account.views import EmailView
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class ChangeEmailView(EmailView):
    """allauth's "change my e-mail address" page (ACCOUNT_CHANGE_EMAIL: one address per account).

    The form asks for the current password (accounts.forms.ChangeEmailForm) and the new address is used once the
    link sent to it is opened. allauth's view would still honour a hand-made "make primary" request: here an
    address becomes the login only through that link.
    """

    def post(self, request, *args, **kwargs):
        if "action_primary" in request.POST:
            messages.error(request, _("An address becomes your login once you open the link sent to it."))
            return redirect("account_email")
        return super().post(request, *args, **kwargs)


change_email = ChangeEmailView.as_view()
