"""The served demo shows the product's own error pages, never Django's debug page, and static files
still load (WhiteNoise, no collectstatic)."""
import pytest
from django.conf import settings as live_settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_demo(settings, monkeypatch):
    """Runs `ngoaivu demo` up to the point it would start the server, and keeps the settings it serves with."""
    import ngoaivu.core.management.commands.demo as demo_command
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # what a checkout without NGOAIVU_PRODUCTION has
    served = {}
    real = demo_command.call_command

    def fake(name, *args, **kwargs):
        if name == "runserver":
            served["debug"] = live_settings.DEBUG
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", fake)
    call_command("demo")
    return served


def test_the_demos_worker_stops_with_its_server(served_demo):
    """The demo's background worker is a thread of its process: left running after the server stopped (here, a
    test's process), it kept polling the tests' database and locked its tables under other tests."""
    import threading
    assert not [t for t in threading.enumerate() if t.name == "ngoaivu-worker" and t.is_alive()]


def test_the_demo_shows_its_own_404_page_and_still_serves_static_files(served_demo, client):
    assert served_demo == {"debug": False}
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "URLconf" not in html and "DEBUG = True" not in html
    assert "không tìm thấy" in html.lower()
    static = client.get("/static/core/app.css")
    assert static.status_code == 200
    assert b"".join(static.streaming_content if static.streaming else [static.content])
