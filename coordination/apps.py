from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """The coordinator's workspace: the dashboard at /admin/ and the e-mails that say what waits."""

    default = True
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common.signals import something_waits

        something_waits.connect(tell_the_coordinators, dispatch_uid="coordination.tell_the_coordinators")
        label_duplicate_errors()


def tell_the_coordinators(sender, *, kind: str, object_id: int, **kwargs) -> None:
    """Something a person submitted waits for the coordination: the coordinators who want to know at once are
    e-mailed once the submitting transaction commits."""
    from .tasks import notify_waiting

    notify_waiting.delay_on_commit(kind=kind, object_id=object_id)


def label_duplicate_errors() -> None:
    """Django names the fields of a duplicate in a formset by their code names ("Please correct the duplicate data
    for order and event"); the coordinator reads their labels instead. Django offers no setting for it: its formsets'
    one method that writes the message is replaced, once, for every inline of the admin."""
    from django.core.exceptions import FieldDoesNotExist
    from django.forms import models as form_models
    from django.utils.text import get_text_list
    from django.utils.translation import gettext

    def get_unique_error_message(formset, unique_check):
        labels = []
        for name in unique_check:
            try:
                labels.append(str(formset.model._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                labels.append(name)
        return gettext("Please correct the duplicate data for %(field)s, which must be unique.") % {
            "field": get_text_list(labels, gettext("and"))
        }

    form_models.BaseModelFormSet.get_unique_error_message = get_unique_error_message


class CoordinationAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose home page is the coordinator's dashboard (coordination.sites)."""

    default = False
    default_site = "coordination.sites.CoordinationAdminSite"
