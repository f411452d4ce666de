"""`ngoaivu sweep` or `ngoaivu digest` run from another folder (cron) use the checkout's var/, and with no
database say where they looked and what to do — no "no such table", no empty var/ left behind."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from ngoaivu.cli import check_database, missing_database_message

CHECKOUT = Path(__file__).resolve().parents[2]


def _run(cwd, *args, **env_extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ngoaivu.settings", "PYTHONPATH": str(CHECKOUT), **env_extra}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", *(() if "NGOAIVU_DATA_DIR" in env_extra else
                                                              ("NGOAIVU_DATA_DIR",))):
        env.pop(name, None)
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_the_default_data_dir_is_the_checkouts_var_whatever_the_current_folder(tmp_path):
    result = _run(tmp_path, "-c", "import django; django.setup(); from django.conf import settings; "
                                  "print(settings.DATA_DIR)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(CHECKOUT / "var")
    assert list(tmp_path.iterdir()) == []  # nothing made in the current folder


def test_sweep_without_a_database_says_where_it_looked_and_leaves_no_empty_folder(tmp_path):
    data = tmp_path / "nowhere"
    for command in ("sweep", "digest"):
        result = _run(tmp_path, "-m", "ngoaivu.cli", command, NGOAIVU_DATA_DIR=str(data))
        assert result.returncode == 1
        assert f"no database at {data / 'ngoaivu.sqlite3'}: run `ngoaivu migrate`" in result.stderr
        assert "NGOAIVU_DATA_DIR" in result.stderr
        assert "no such table" not in result.stderr and "Traceback" not in result.stderr
        assert not data.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_file_is_reported_too(tmp_path):
    path = tmp_path / "ngoaivu.sqlite3"
    sqlite3.connect(path).close()
    assert "is empty" in missing_database_message(path)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE django_migrations (id integer)")
    assert missing_database_message(path) is None


def test_migrate_makes_the_data_folder_and_commands_without_a_database_are_let_through(monkeypatch, tmp_path):
    import ngoaivu.cli
    monkeypatch.setattr(ngoaivu.cli, "_sqlite_path", lambda: tmp_path / "var" / "db.sqlite3")
    assert check_database(["help"]) is None and check_database(["i18n", "-v", "0"]) is None
    assert not (tmp_path / "var").exists()
    assert "no database at" in check_database(["sweep"])
    assert check_database(["migrate"]) is None
    assert (tmp_path / "var").is_dir()
