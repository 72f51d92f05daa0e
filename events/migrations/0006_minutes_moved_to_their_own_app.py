"""The minutes' models now belong to the minutes app (minutes 0001): the events app forgets them.

Nothing happens in the database: 0005 gave the tables their new names and minutes 0001 took them over as they are.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_minutes_tables_renamed'),
        ('minutes', '0001_initial'),
        ('consultations', '0002_minutes_moved_to_their_own_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='decision',
                    name='actions',
                ),
                migrations.RemoveField(
                    model_name='decision',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='decision',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='owner_member',
                ),
                migrations.RemoveField(
                    model_name='followup',
                    name='owner_person',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='archive_document',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='circulated_by',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='current_version',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='edited_by',
                ),
                migrations.RemoveField(
                    model_name='minutes',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesattendee',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesversion',
                    name='minutes',
                ),
                migrations.RemoveField(
                    model_name='minutesattendee',
                    name='member',
                ),
                migrations.RemoveField(
                    model_name='minutesattendee',
                    name='person',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='minutescomment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='minutesversion',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='minutesversion',
                    name='archived_as',
                ),
                migrations.RemoveField(
                    model_name='storedpdf',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='storedpdf',
                    name='event',
                ),
                migrations.DeleteModel(
                    name='CirculationEmail',
                ),
                migrations.DeleteModel(
                    name='Decision',
                ),
                migrations.DeleteModel(
                    name='FollowUp',
                ),
                migrations.DeleteModel(
                    name='Minutes',
                ),
                migrations.DeleteModel(
                    name='MinutesAttendee',
                ),
                migrations.DeleteModel(
                    name='MinutesComment',
                ),
                migrations.DeleteModel(
                    name='MinutesVersion',
                ),
                migrations.DeleteModel(
                    name='StoredPDF',
                ),
            ],
            database_operations=[],
        ),
    ]
