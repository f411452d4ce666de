"""ngoaivu — the register and follow-up of provinces' international cooperation."""
import sys

if sys.version_info < (3, 12):  # vietnam-provinces 2026.x (34 + 63 provinces) needs 3.12
    raise SystemExit(
        "ngoaivu cần Python 3.12 trở lên / ngoaivu needs Python 3.12 or newer "
        f"(this is {sys.version.split()[0]})."
    )
