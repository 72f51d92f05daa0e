"""Backups of the portal: the PostgreSQL database and the uploaded files, in one dated archive, and their restore.

The archive (`rvase-backup-YYYYMMDD-HHMMSSZ.tar`) holds
- `database.dump`: pg_dump's custom format, taken in one snapshot (a consistent image of the database however long
  it takes, while the portal keeps running);
- `media/…`: every file of the default storage (MEDIA_ROOT, or the S3 bucket), read after the dump, so that every
  file the dumped rows name is there (a file uploaded meanwhile is there too, unnamed by any row: harmless);
- `manifest.json`: the rows of every table, counted in the dump's own snapshot, and the size and SHA-256 of every
  file, against which a restore checks what it restored.

The archive is written under a temporary name and renamed when complete: an archive with the final name is whole.
A restore goes into an empty database and an empty storage only: it never overwrites anything.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from psycopg import sql

FORMAT = 1
PREFIX = "rvase-backup-"
DATABASE_MEMBER = "database.dump"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class BackupReport:
    path: Path | None = None
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ---- the database ------------------------------------------------------------------------------------------------


def _database(settings_dict: dict | None = None) -> dict:
    database = settings_dict or connection.settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are made of the PostgreSQL database (DATABASE_URL=postgres://…).")
    return database


def _libpq_environment(database: dict, name: str | None = None) -> dict[str, str]:
    """The variables pg_dump and pg_restore read: no password on their command line."""
    env = {**os.environ, "PGDATABASE": name or database["NAME"]}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _connect(database: dict, name: str | None = None, **kwargs) -> psycopg.Connection:
    params = {
        "dbname": name or database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "sslmode": database.get("OPTIONS", {}).get("sslmode"),
    }
    return psycopg.connect(**{key: value for key, value in params.items() if value}, **kwargs)


def table_names(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def count_rows(cursor) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# ---- the files ---------------------------------------------------------------------------------------------------


def storage_files(storage=default_storage, directory: str = "") -> list[str]:
    """Every file name in the storage, sorted."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}{name}" for name in files]
    for folder in folders:
        names += storage_files(storage, f"{directory}{folder}/")
    return sorted(names)


def _digest(stream) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return size, sha.hexdigest()


# ---- backup ------------------------------------------------------------------------------------------------------


def backup_create(*, output_dir: Path, keep: int | None = None, now: datetime.datetime | None = None) -> BackupReport:
    """Write the archive of the database and the files into `output_dir`; keep the `keep` newest archives there."""
    database = _database()
    now = now or datetime.datetime.now(datetime.UTC)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}Z.tar"
    if path.exists():
        raise BackupError(f"{path} already exists.")
    partial = path.with_name(f".{path.name}.partial")
    report = BackupReport(path=path)
    with tempfile.TemporaryDirectory(prefix="rvase-backup-") as work:
        dump = Path(work) / DATABASE_MEMBER
        # One snapshot for pg_dump and for the counts of the manifest.
        with _connect(database) as snapshot:
            snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            snapshot.read_only = True
            with snapshot.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot_id, server_version = cursor.fetchone()
                _run(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}"]
                    + [f"--file={dump}"],
                    _libpq_environment(database),
                )
                report.tables = count_rows(cursor)
        try:
            with tarfile.open(partial, "w") as archive:
                archive.add(dump, arcname=DATABASE_MEMBER)
                for name in storage_files():
                    with default_storage.open(name, "rb") as stream:
                        size, sha256 = _digest(stream)
                        stream.seek(0)
                        info = tarfile.TarInfo(MEDIA_PREFIX + name)
                        info.size, info.mtime, info.mode = size, int(now.timestamp()), 0o600
                        archive.addfile(info, stream)
                    report.files[name] = {"size": size, "sha256": sha256}
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "database": database["NAME"],
                    "server_version": server_version,
                    "tables": report.tables,
                    "files": report.files,
                }
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST_MEMBER)
                info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                archive.addfile(info, io.BytesIO(body))
            partial.chmod(0o600)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    if keep:
        for old in sorted(output_dir.glob(f"{PREFIX}*.tar"), reverse=True)[keep:]:
            old.unlink()
    return report


# ---- restore -----------------------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST_MEMBER))
    except KeyError as error:
        raise BackupError("This is not a complete RVASE backup: it has no manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _database_exists(database: dict) -> bool:
    with _connect(database, "postgres", autocommit=True) as server, server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
        return cursor.fetchone() is not None


def backup_restore(*, archive_path: Path, create_database: bool = False) -> BackupReport:
    """Restore the archive into the configured database, which must be empty (or missing, with `create_database`),
    and into the default storage, which must not hold any of the archive's files; then check both against the
    manifest. The report lists every difference found."""
    database = _database()
    report = BackupReport(path=Path(archive_path))
    with tarfile.open(archive_path, "r") as archive:
        manifest = read_manifest(archive)
        present = [name for name in manifest["files"] if default_storage.exists(name)]
        if present:
            raise BackupError(f"The storage already holds {len(present)} of the archive's files, e.g. {present[0]}.")
        if not _database_exists(database):
            if not create_database:
                raise BackupError(f"The database {database['NAME']!r} does not exist (use --create-database).")
            with _connect(database, "postgres", autocommit=True) as server:
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
        with _connect(database) as target, target.cursor() as cursor:
            if tables := table_names(cursor):
                raise BackupError(
                    f"The database {database['NAME']!r} is not empty ({len(tables)} tables): restore into a new one."
                )

        with tempfile.TemporaryDirectory(prefix="rvase-restore-") as work:
            dump = Path(work) / DATABASE_MEMBER
            with archive.extractfile(DATABASE_MEMBER) as source, dump.open("wb") as target_file:
                shutil.copyfileobj(source, target_file, CHUNK)
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
                + [f"--dbname={database['NAME']}", str(dump)],
                _libpq_environment(database),
            )
        for member in archive.getmembers():
            if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
                continue
            name = member.name[len(MEDIA_PREFIX) :]
            with archive.extractfile(member) as stream:
                saved = default_storage.save(name, File(stream, name=name))
            if saved != name:
                report.differences.append(f"file {name}: stored as {saved}")

    with _connect(database) as target, target.cursor() as cursor:
        report.tables = count_rows(cursor)
    for table in sorted(set(manifest["tables"]) | set(report.tables)):
        expected, found = manifest["tables"].get(table), report.tables.get(table)
        if expected != found:
            report.differences.append(f"table {table}: {expected} rows in the backup, {found} restored")
    for name, expected in sorted(manifest["files"].items()):
        if not default_storage.exists(name):
            report.differences.append(f"file {name}: missing")
            continue
        with default_storage.open(name, "rb") as stream:
            size, sha256 = _digest(stream)
        report.files[name] = {"size": size, "sha256": sha256}
        if (size, sha256) != (expected["size"], expected["sha256"]):
            report.differences.append(f"file {name}: differs from the backup")
    return report


def default_output_dir() -> Path:
    return Path(settings.BACKUP_DIR)
