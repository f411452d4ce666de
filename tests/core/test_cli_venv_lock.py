"""scripts/demo and scripts/test started together in one clone: the second waits for the first to finish
building .venv (scripts/_bootstrap.sh takes a lock) instead of both building it at once."""
import shutil
import subprocess
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def _wait_for(condition, what):
    for _ in range(600):  # a bound on waiting, not an assertion on speed
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def test_a_second_bootstrap_waits_for_the_first_to_release_the_venv_lock(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(CHECKOUT / "scripts" / "_bootstrap.sh", tmp_path / "scripts" / "_bootstrap.sh")
    log, release = tmp_path / "log", tmp_path / "release"
    script = tmp_path / "scripts" / "holder"
    script.write_text(f"""#!/usr/bin/env bash
source "$(dirname "$0")/_bootstrap.sh"
lock_venv
echo "$1 start" >> {log}
[ "$1" = A ] && while [ ! -e {release} ]; do sleep 0.05; done
echo "$1 end" >> {log}
unlock_venv
""")
    first = subprocess.Popen(["bash", str(script), "A"], stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: log.exists() and "A start" in log.read_text(), "A holds the lock")
    second = subprocess.Popen(["bash", str(script), "B"], stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: second.poll() is not None or (tmp_path / ".venv.lock").exists(), "B tries the lock")
    time.sleep(0.5)  # give B every chance to (wrongly) go ahead
    assert "B start" not in log.read_text()
    release.touch()
    assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
    assert log.read_text().split("\n")[:4] == ["A start", "A end", "B start", "B end"]
    assert "waiting for another command" in second.stderr.read()
