"""The authentication backends, loading a logged-in user's person with the user.

Nearly every page a logged-in person opens asks which member they belong to (members.permissions.member_of,
is_member_person): loading the person in the query that loads the user, rather than in a second one, takes a
query off every logged-in request — the members' PDF downloads among them.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

UserModel = get_user_model()


class LoadPersonMixin:
    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("person").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)


class ModelBackend(LoadPersonMixin, DjangoModelBackend):
    """Django's backend: e-mail and password (the test client's force_login uses it)."""


class AuthenticationBackend(LoadPersonMixin, AllauthBackend):
    """allauth's backend: the login form, password reset, invitations."""
