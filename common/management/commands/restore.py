"""``python manage.py restore ARCHIVE``: a backup into an empty database and storage, then checked (common/backup.py).

Point DATABASE_URL at the new (empty or missing) database and MEDIA_ROOT at an empty folder: nothing that exists is
ever overwritten.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database (which must be empty; "
        "--create-database creates it) and storage, then compare every table's rows and every file's checksum "
        "with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--create-database", action="store_true", help="Create the database if it is missing.")

    def handle(self, *args, **options):
        try:
            report = backup_restore(archive_path=options["archive"], create_database=options["create_database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {len(report.tables)} tables, {report.rows} rows, {len(report.files)} files; "
            f"{len(report.differences)} differences from the backup."
        )
        if report.differences:
            raise CommandError("\n".join(report.differences))
