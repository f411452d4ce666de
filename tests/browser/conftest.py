"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Never `playwright install`: the browser comes from apt (/usr/bin/chromium). Screenshots go to
test-output/screenshots/ so a person can look at them after a run.
"""
import os
import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(os.environ.get("NGOAIVU_TEST_OUTPUT", "test-output")) / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def _chromium() -> str:
    path = os.environ.get("NGOAIVU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.exit("Chromium not found: run scripts/test (it installs Debian's chromium)", returncode=3)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


@pytest.fixture
def shoot(page):
    """shoot("name") saves a full-page screenshot under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    return take


@pytest.fixture
def login(page, live_server):
    """login(user) signs in through the real login form (test users' password: pw-<username>-2026!)."""
    def do(user, password=None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password or f"pw-{user.username}-2026!")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
    return do


# Loads the policy may block on purpose (none: Redoc, whose bundle asked its CDN for a logo, was removed;
# Swagger UI is the API's one documentation page).
EXPECTED_BLOCKED = ()


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Fails a browser test on any Content-Security-Policy violation Chromium reports on its console
    ("Refused to execute inline script…", "Refused to apply inline style…", "Refused to load…")."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []

    def watch(message):
        text = message.text
        if (text.startswith("Refused to") or "Content Security Policy" in text) and not any(
                blocked in text for blocked in EXPECTED_BLOCKED):
            violations.append(f"{page.url}: {text}")
    page.on("console", watch)
    yield
    assert not violations, "CSP violations:\n" + "\n".join(violations)
