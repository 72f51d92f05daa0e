"""Django's own French, where it reads badly on the admin pages the coordinator uses ("Ajout de utilisateur",
"Sélectionnez l’objet action à changer", "vous pourrez modifiez"). The project's catalogue (LOCALE_PATHS) is read
before Django's: these msgids, exactly as Django writes them, get the project's wording in locale/fr and locale/en.
They are listed here so that `make makemessages` keeps them."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_WORDING = [
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
]
