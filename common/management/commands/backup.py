"""``python manage.py backup``: the database and the uploaded files, in one dated archive (common/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create, default_output_dir


class Command(BaseCommand):
    help = (
        "Write a consistent pg_dump of the database and every uploaded file to one dated archive "
        "(rvase-backup-YYYYMMDD-HHMMSSZ.tar) in BACKUP_DIR or --output-dir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, help="Folder of the archives (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int, help="Keep only this many archives in the folder, the newest.")

    def handle(self, *args, **options):
        try:
            report = backup_create(output_dir=options["output_dir"] or default_output_dir(), keep=options["keep"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(item["size"] for item in report.files.values())
        self.stdout.write(
            f"{report.path}: {len(report.tables)} tables, {report.rows} rows, {len(report.files)} files ({size} bytes)."
        )
