"""The WSGI entry point gunicorn serves: it answers, and the heap it loaded at start is frozen out of the
cyclic collector's reach (a full collection walking it cost ~100 ms of one request in ~60), the views
the URLconf imports included."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_application_freezes_its_start_up_heap_and_answers(tmp_path):
    code = ("import gc, io, sys\n"
            "from ngoaivu.wsgi import application\n"
            "frozen = gc.get_freeze_count()\n"
            "views_frozen = 'ngoaivu.exchanges.views.calendar' in sys.modules\n"
            "statuses = []\n"
            "environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/accounts/login/', 'SERVER_NAME': 'localhost',\n"
            "           'SERVER_PORT': '80', 'wsgi.url_scheme': 'http', 'wsgi.input': io.BytesIO(),\n"
            "           'wsgi.errors': sys.stderr, 'HTTP_HOST': 'localhost'}\n"
            "body = b''.join(application(environ, lambda status, headers: statuses.append(status)))\n"
            "print(views_frozen, frozen, statuses[0], len(body))\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "NGOAIVU_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "ngoaivu.settings", "NGOAIVU_DEBUG": "0"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    frozen, status, length = out.stdout.split()[-4], " ".join(out.stdout.split()[-3:-1]), out.stdout.split()[-1]
    assert int(frozen) > 10_000, "Django, the apps and the models are frozen"
    assert out.stdout.split()[-5] == "True", "the views (the URLconf's imports) were loaded before the freeze"
    assert status == "200 OK" and int(length) > 1000, out.stdout
