"""The minutes leave the events app for their own (minutes 0001): first their tables take the minutes app's names.

Renaming keeps every row, every id and every foreign key pointing at them (PostgreSQL and SQLite both rename in
place); the many-to-many table of the decisions' actions is renamed with its model. The stored PDF files do not
move: their names (events/pdf/…) are kept in the rows.
"""

from django.db import migrations

TABLES = {
    "minutes": "minutes_minutes",
    "circulationemail": "minutes_circulationemail",
    "minutesattendee": "minutes_minutesattendee",
    "decision": "minutes_decision",
    "followup": "minutes_followup",
    "minutescomment": "minutes_minutescomment",
    "minutesversion": "minutes_minutesversion",
    "storedpdf": "minutes_storedpdf",
}


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_minutes_circulation_emails'),
    ]

    operations = [migrations.AlterModelTable(name=name, table=table) for name, table in TABLES.items()]
