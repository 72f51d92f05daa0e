"""The backup drill (README, "Backups"): `manage.py backup` on the real PostgreSQL, `manage.py restore` into a NEW
database and an empty media folder, as the production settings run them; then every table's rows and every file's
checksum compared with the original: no difference allowed."""

import datetime
import hashlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from PIL import Image
from psycopg import sql

from common.backup import backup_create
from members.models import Member
from tests.digest.stack import ROOT, production_environment
from tests.factories import DocumentVersionFactory, NewsItemFactory, ProgressUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal_data(rvase_2023, media):
    """The 2023 record, accounts, news and notes, and files: documents' versions and members' logos."""
    for number in range(5):
        content = f"%PDF-1.4 rapport {number}\n".encode() * 300
        DocumentVersionFactory(document__title=f"Rapport {number} — Huế", file__data=content)
    for slug in ("hue", "vientiane", "phnom-penh"):
        image = io.BytesIO()
        Image.new("RGB", (40, 30), (11, 93, len(slug))).save(image, format="PNG")
        member = Member.objects.get(slug=slug)
        member.logo.save("logo.png", ContentFile(image.getvalue()))
    for number in range(3):
        NewsItemFactory(member=Member.objects.get(slug="hue"), title=f"Nouvelle {number} : Huế, ວຽງຈັນ, ភ្នំពេញ")
        ProgressUpdateFactory(author=UserFactory())


def connect(name: str) -> psycopg.Connection:
    database = connection.settings_dict
    return psycopg.connect(
        dbname=name, user=database["USER"], host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432
    )


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows (in any order), and every sequence's position."""
    fingerprints = {}
    with connect(name) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE'"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '') FROM {} t"
                ).format(sql.Identifier(table))
            )
            fingerprints[table] = tuple(cursor.fetchone())
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        for sequence, last_value in cursor.fetchall():
            fingerprints[f"sequence {sequence}"] = (last_value, "")
    return fingerprints


def file_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def restore(archive: Path, *, database: str, media: Path, create: bool = False) -> subprocess.CompletedProcess:
    source = connection.settings_dict
    environment = production_environment(
        smtp_port=0,
        DATABASE_URL=f"postgres://{source['USER']}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{database}",
        MEDIA_ROOT=str(media),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *(["--create-database"] if create else [])],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def new_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    with connect("postgres") as server:
        server.autocommit = True
        for database in (name, f"{name}_bis"):
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))


def test_backup_then_restore_into_a_new_database_gives_back_every_row_and_every_file(
    portal_data, media, new_database, tmp_path, capsys
):
    call_command("backup", output_dir=tmp_path / "backups")
    (archive,) = (tmp_path / "backups").glob("rvase-backup-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only: it holds every account's data
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert "database.dump" in names and "manifest.json" in names

    restored_media = tmp_path / "restored-media"
    result = restore(archive, database=new_database, media=restored_media, create=True)
    assert result.returncode == 0, result.stderr
    assert "0 differences" in result.stdout

    original, restored = table_fingerprints(connection.settings_dict["NAME"]), table_fingerprints(new_database)
    tables = [name for name in original if not name.startswith("sequence ")]
    rows = sum(original[name][0] for name in tables)
    originals, copies = file_checksums(Path(media)), file_checksums(restored_media)
    differences = [name for name in original.keys() | restored.keys() if original.get(name) != restored.get(name)]
    differences += [name for name in originals.keys() | copies.keys() if originals.get(name) != copies.get(name)]
    with capsys.disabled():
        print(
            f"\n[backup drill] {len(tables)} tables, {rows} rows, {len(original) - len(tables)} sequences, "
            f"{len(originals)} files ({sum(p.stat().st_size for p in Path(media).rglob('*') if p.is_file())} bytes), "
            f"archive {archive.stat().st_size} bytes; {len(differences)} differences"
        )
    assert len(tables) > 40 and rows > 500 and len(originals) == 8
    assert differences == []

    # A second restore into the now filled database, or over the restored files, is refused and changes nothing.
    again = restore(archive, database=new_database, media=tmp_path / "other-media")
    assert again.returncode != 0 and "is not empty" in again.stderr
    assert table_fingerprints(new_database) == restored
    again = restore(archive, database=f"{new_database}_bis", media=restored_media, create=True)
    assert again.returncode != 0 and "already holds 8 of the archive's files" in again.stderr
    with connect("postgres") as server:
        assert not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"{new_database}_bis"]).fetchone()


def test_backup_keeps_the_newest_archives_only(portal_data, tmp_path):
    for day in range(1, 5):
        backup_create(output_dir=tmp_path / "b", keep=3, now=datetime.datetime(2026, 1, day, 2, tzinfo=datetime.UTC))
    assert sorted(path.name for path in (tmp_path / "b").iterdir()) == [
        "rvase-backup-20260102-020000Z.tar",
        "rvase-backup-20260103-020000Z.tar",
        "rvase-backup-20260104-020000Z.tar",
    ]
