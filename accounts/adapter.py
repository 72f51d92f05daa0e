from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the coordinator creates accounts and the person is invited by e-mail."""

    def is_open_for_signup(self, request) -> bool:
        return False
