"""Back up and restore the whole installation: the database and the uploaded files, in one tar.gz with a
manifest (date, database engine, app version, file count, sha256 of every member).

SQLite is copied through its online backup API (a consistent copy while the site serves pages);
PostgreSQL through `pg_dump -Fc` and `pg_restore --clean --single-transaction`. A restore checks the
engine and every checksum before it touches anything.
"""
import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
FORMAT = 1


def _client(name: str) -> str:
    """The PostgreSQL client program: NGOAIVU_PG_DUMP / NGOAIVU_PG_RESTORE, else the one on PATH (its major
    version must be at least the server's)."""
    return os.environ.get(f"NGOAIVU_{name.upper()}") or shutil.which(name) or f"/usr/bin/{name}"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Vietnamese."""


def app_version() -> str:
    try:
        return importlib.metadata.version("ngoaivu")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return connection.vendor


def _pg_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                      ("PGDATABASE", "NAME")):
        if db.get(name):
            env[key] = str(db[name])
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy lệnh {command[0]} (cài gói postgresql-client).")
    if done.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi: {done.stderr.strip()[:2000]}")


def _dump_database(path: Path) -> None:
    connection.ensure_connection()
    if _engine() == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif _engine() == "postgresql":
        _run([_client("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)], _pg_env())
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu CSDL {_engine()}.")


def _load_database(path: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        listing = _restore_list(path)
        connection.close()  # pg_restore drops the tables: no session of ours may hold them
        _run([_client("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--use-list", str(listing), "--dbname", connection.settings_dict["NAME"], str(path)],
             _pg_env())


def _restore_list(path: Path) -> Path:
    """The dump's table of contents without the extensions the database already has (pg_trgm…): they
    belong to whoever created them (often the superuser), so --clean could not drop and re-create them,
    and they are there already."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        present = {row[0] for row in cursor.fetchall()}
    done = subprocess.run([_client("pg_restore"), "--list", str(path)], env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore --list báo lỗi: {done.stderr.strip()[:2000]}")
    kept = []
    for line in done.stdout.splitlines():
        words = line.split()
        if " EXTENSION " in f" {line} " and words and words[-1] in present or (
                len(words) >= 2 and words[-2] == "EXTENSION" and words[-1] in present):
            continue
        kept.append(line)
    listing = path.with_suffix(".list")
    listing.write_text("\n".join(kept) + "\n")
    return listing


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(output_dir) -> tuple[Path, dict]:
    """Write ngoaivu-backup-<date>-<time>.tar.gz into output_dir; return its path and its manifest."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    archive = output_dir / f"ngoaivu-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ngoaivu-backup-") as tmp:
        dump = Path(tmp) / DUMP.get(_engine(), "database")
        _dump_database(dump)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT, "created_at": now.isoformat(), "engine": _engine(), "app_version": app_version(),
            "database": {"name": dump.name, "size": dump.stat().st_size, "sha256": _sha256(dump)},
            "file_count": len(files),
            "files": {p.relative_to(media_root).as_posix(): _sha256(p) for p in files},
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
        partial.rename(archive)  # a half-written archive never carries the final name
    return archive, manifest


def read_manifest(archive) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            return json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError):
        raise BackupError(f"{archive} không phải bản sao lưu của ngoaivu (không đọc được {MANIFEST}).")


def check_compatible(manifest: dict) -> None:
    if manifest.get("engine") != _engine():
        raise BackupError(
            f"Bản sao lưu là của CSDL {manifest.get('engine')}, hệ thống đang dùng {_engine()}: không khôi phục "
            f"được. Khôi phục vào một cài đặt dùng {manifest.get('engine')}.")


def restore(archive) -> dict:
    """Replace the database and the uploaded files with the archive's. Checks first, then writes."""
    manifest = read_manifest(archive)
    check_compatible(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ngoaivu-restore-") as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # refuses absolute paths, "..", devices and links out
        name = manifest["database"]["name"]
        if name not in DUMP.values():  # the manifest names the dump; never a path of its own choosing
            raise BackupError("Tệp CSDL trong bản sao lưu bị thiếu hoặc hỏng (sai sha256): không khôi phục.")
        dump = tmp / name
        if not dump.is_file() or _sha256(dump) != manifest["database"]["sha256"]:
            raise BackupError("Tệp CSDL trong bản sao lưu bị thiếu hoặc hỏng (sai sha256): không khôi phục.")
        extracted = _media_files(tmp / "media")
        names = {p.relative_to(tmp / "media").as_posix() for p in extracted}
        if names != set(manifest["files"]) or len(names) != manifest["file_count"]:
            raise BackupError("Danh sách tệp trong bản sao lưu không khớp manifest: không khôi phục.")
        for path in extracted:
            name = path.relative_to(tmp / "media").as_posix()
            if _sha256(path) != manifest["files"][name]:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (sai sha256): không khôi phục.")

        _load_database(dump)
        media_root.mkdir(parents=True, exist_ok=True)
        for current in _media_files(media_root):
            if current.relative_to(media_root).as_posix() not in names:
                current.unlink()
        for path in extracted:
            target = media_root / path.relative_to(tmp / "media")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return manifest


def describe(manifest: dict) -> str:
    created = manifest.get("created_at", "")
    try:
        created = datetime.datetime.fromisoformat(created).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        pass
    return (f"sao lưu lúc {created}, CSDL {manifest.get('engine')}, phiên bản {manifest.get('app_version')}, "
            f"{manifest.get('file_count')} tệp")
