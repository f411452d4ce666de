"""The `ngoaivu` command: manage.py for an installed ngoaivu (`ngoaivu demo`, `ngoaivu migrate`, …).

Before a command that reads the database (sweep, digest, createuser, runserver…) it checks that the
embedded SQLite database exists and is migrated, and otherwise says where it looked and what to do —
instead of Django's "no such table", and without creating an empty var/ on the way.
"""
import os
import sqlite3
import sys
from pathlib import Path

# Commands that make the database, or do not need one.
CREATE_DATABASE = {"migrate", "demo", "restore"}  # restore: onto a new machine
NO_DATABASE = {
    "help", "--help", "-h", "version", "--version", "i18n", "check", "makemigrations", "makemessages",
    "compilemessages", "collectstatic", "findstatic", "diffsettings", "test", "startapp", "startproject",
    "sendtestemail", "shell", "dbshell", "sqlmigrate", "squashmigrations", "optimizemigration",
    "spectacular",
}


def _command(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return argv[0] if argv else None


def _sqlite_path() -> Path | None:
    from django.conf import settings
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3") or str(db["NAME"]) in ("", ":memory:") or "mode=memory" in str(db["NAME"]):
        return None
    return Path(db["NAME"])


def missing_database_message(path: Path) -> str | None:
    """Why the SQLite database at `path` cannot be used (None when it is there and migrated)."""
    hint = ("run `ngoaivu migrate` (or `ngoaivu demo`) or set NGOAIVU_DATA_DIR to the folder that holds it"
            " / chạy `ngoaivu migrate` (hoặc `ngoaivu demo`) hoặc đặt NGOAIVU_DATA_DIR là thư mục chứa nó")
    if not path.is_file():
        return f"ngoaivu: no database at {path}: {hint}."
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'").fetchone()
    except sqlite3.Error as error:
        return f"ngoaivu: cannot read the database at {path} ({error}): {hint}."
    if not found:
        return f"ngoaivu: the database at {path} is empty: {hint}."
    return None


def check_database(argv: list[str]) -> str | None:
    """None if the command may run; otherwise the message to print. Makes the data folder for the
    commands that create the database."""
    command = _command(argv)
    if command is None or command in NO_DATABASE:
        return None
    path = _sqlite_path()
    if path is None:
        return None
    if command in CREATE_DATABASE:
        path.parent.mkdir(parents=True, exist_ok=True)
        return None
    return missing_database_message(path)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
    from django.core.management import execute_from_command_line
    problem = None
    try:
        problem = check_database(argv)
    except Exception:  # settings that do not load: let Django report it as it does
        problem = None
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(1)
    execute_from_command_line(["ngoaivu", *argv])


if __name__ == "__main__":
    main()
