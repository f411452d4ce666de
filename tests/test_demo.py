"""`ngoaivu demo --prepare-only` prepares the embedded database and can run again without duplicates."""
import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in {"core", "partners", "agreements", "exchanges", "implementation"}
            and not m._meta.label.split(".")[1].startswith("Historical")}


def test_demo_prepares_accounts_and_is_idempotent(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", prepare_only=True)
    out = capsys.readouterr().out
    for username in ("tw.chuyenvien", "langson.chuyenvien", "bacninh.chuyenvien", "danang.chuyenvien",
                     "hcm.chuyenvien", "langson.soct", "dsq.hanquoc"):
        assert username in out
    first = _counts()
    call_command("demo", prepare_only=True)
    assert _counts() == first


def test_demo_accounts_log_in_with_the_printed_password(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from ngoaivu.core.demo import DEMO_PASSWORD, load_demo
    load_demo()
    # Through the sign-in page, as a person does (django-axes checks every sign-in against its request).
    response = client.post("/accounts/login/", {"username": "langson.chuyenvien", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.username == "langson.chuyenvien"


def test_login_page_lists_demo_accounts_only_in_demo_mode(settings, client, reference):
    settings.DEMO = False
    assert "tw.chuyenvien" not in client.get("/accounts/login/").content.decode()
    settings.DEMO = True
    assert "tw.chuyenvien" in client.get("/accounts/login/").content.decode()


def test_demo_officers_have_distinct_names(settings):
    """Defect: every demo province's officers shared one set of names ("Phạm Thu Trang" in four provinces)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from ngoaivu.core.demo import demo_accounts, load_demo
    from ngoaivu.core.models import User
    load_demo()
    usernames = [u for u, _description in demo_accounts()]
    names = dict(User.objects.filter(username__in=usernames).values_list("username", "full_name"))
    assert set(names) == set(usernames)
    assert all(name.strip() for name in names.values())
    assert len(set(names.values())) == len(names), sorted(names.values())
    assert names["langson.chuyenvien"] != names["danang.chuyenvien"]
    # A demo prepared before keeps its data; its shared names are corrected on the next run.
    User.objects.filter(username="danang.chuyenvien").update(full_name="Phạm Thu Trang")
    load_demo()
    assert User.objects.get(username="danang.chuyenvien").full_name == names["danang.chuyenvien"]


def test_the_demo_publishes_an_agreement_whose_signers_the_public_search_does_not_read(settings, client):
    """The demo had no public agreement: its open-data page said only that nothing was published."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from ngoaivu.core.demo import load_demo
    load_demo()
    listed = client.get("/reports/open-data/", {"q": "daegu"}).context["page_obj"].object_list
    assert [a.title for a in listed] == ["Thỏa thuận hợp tác giữa thành phố Đà Nẵng và thành phố Daegu"]
    assert list(client.get("/reports/open-data/", {"q": "kim min"}).context["page_obj"].object_list) == []
