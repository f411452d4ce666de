"""Django set-up shared by the bench scripts: the database comes from BENCH_DATABASE_URL (never the
demo's or the tests')."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
    os.environ.setdefault("NGOAIVU_DEBUG", "0")
    import django
    django.setup()
