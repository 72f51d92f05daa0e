"""The authentication backends: the logged-in user is loaded with their person, and kept in the cache.

Every request of a logged-in person loads their user, and nearly every page then asks which member they
belong to (members.permissions.member_of, is_member_person). The user and their person are read in one
query and kept in the cache (Redis in production) for a minute, so that most logged-in requests do not
query the database for them at all: a members' PDF download then costs little more than /healthz.

The cached copy is stored with a token that is renewed as soon as the user, their person, or the member
that person belongs to is saved or deleted (accounts.signals); a copy read before such a change is never
served after it, even one a request stores while the change commits. So a deactivated account, a changed
password (Django compares the session's hash with the password's at every request) or a person who left
a member takes effect at the next request. What is not cached is asked afresh at every request: the
coordination group (User.is_coordinator), focal-point roles, the admin's permissions.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from common.cache import cached_with_token, renew_tokens, user_token_key

UserModel = get_user_model()
CACHE_SECONDS = 60


def forget_users(user_ids) -> None:
    """The cached copies of these users are stale from now on (and after the commit: accounts.signals)."""
    renew_tokens(user_token_key(user_id) for user_id in user_ids if user_id is not None)


def load_user(user_id):
    """The user with their person, from the cache while neither changed; None if there is no such user."""
    return cached_with_token(
        token_key=user_token_key(user_id),
        key=f"accounts:user:{user_id}",
        load=lambda: UserModel._default_manager.select_related("person").filter(pk=user_id).first(),
        timeout=CACHE_SECONDS,
    )


class LoadPersonMixin:
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)


class ModelBackend(LoadPersonMixin, DjangoModelBackend):
    """Django's backend: e-mail and password (the test client's force_login uses it)."""


class AuthenticationBackend(LoadPersonMixin, AllauthBackend):
    """allauth's backend: the login form, password reset, invitations."""
