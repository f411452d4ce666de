import os
import subprocess
import sys


def _run(env_extra, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ngoaivu.settings", **env_extra}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in production
    return subprocess.run([sys.executable, "-m", "ngoaivu.cli", *args], capture_output=True, text=True, env=env, timeout=120)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run({"NGOAIVU_PRODUCTION": "1", "NGOAIVU_DATA_DIR": str(tmp_path), "NGOAIVU_SECRET_KEY": "",
                   "NGOAIVU_ALLOWED_HOSTS": "ngoaivu.gov.vn"}, "check")
    assert result.returncode != 0 and "NGOAIVU_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _run({"NGOAIVU_PRODUCTION": "1", "NGOAIVU_DATA_DIR": str(tmp_path), "NGOAIVU_SECRET_KEY": "k" * 60,
                   "NGOAIVU_ALLOWED_HOSTS": ""}, "check")
    assert result.returncode != 0 and "NGOAIVU_ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_reports_nothing(tmp_path):
    result = _run({"NGOAIVU_PRODUCTION": "1", "NGOAIVU_DATA_DIR": str(tmp_path),
                   "NGOAIVU_SECRET_KEY": "x9!Kq2#vLp8@Zr5$Wm3^Tn7&Yb4*Hc6(Jd1)Gf0_Se9+Ra2=Qu8-Pi7Ol6Ik5",
                   "NGOAIVU_ALLOWED_HOSTS": "ngoaivu.gov.vn"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
