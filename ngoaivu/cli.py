"""The `ngoaivu` command: manage.py for an installed ngoaivu (`ngoaivu demo`, `ngoaivu migrate`, …)."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(["ngoaivu", *sys.argv[1:]])


if __name__ == "__main__":
    main()
