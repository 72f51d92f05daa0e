"""Each account's login address becomes its one verified, primary address in allauth's table.

Accounts are created by the coordinator, who enters the address; allauth's table may hold none for them, or an
unverified copy (its e-mail page added one on a visit). From now on the login address is the verified one
(accounts.signals.login_address_sync keeps it so), and any other address waits for its link to be opened.
"""

from django.db import migrations


def verify_login_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user_id, email in User.objects.exclude(email="").values_list("pk", "email"):
        email = email.lower()
        EmailAddress.objects.filter(user_id=user_id, primary=True).exclude(email__iexact=email).update(primary=False)
        EmailAddress.objects.filter(user_id=user_id, verified=True).exclude(email__iexact=email).delete()
        current = EmailAddress.objects.filter(user_id=user_id, email__iexact=email).first()
        if current is None:
            EmailAddress.objects.create(user_id=user_id, email=email, verified=True, primary=True)
        else:
            EmailAddress.objects.filter(pk=current.pk).update(verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_login_addresses, migrations.RunPython.noop)]
