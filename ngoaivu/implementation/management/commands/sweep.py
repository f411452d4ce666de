"""`ngoaivu sweep`: recompute every agreement's health, last activity and commitment figures, and store
each change of health with its reason. Run by cron; safe to run twice at once."""
import datetime
import time

from django.core.management.base import BaseCommand

from ngoaivu.implementation import actions


class Command(BaseCommand):
    help = "Đánh giá lại tình hình triển khai mọi thỏa thuận (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 1

        def progress(result):
            if verbose:
                self.stdout.write(f"  … {result.checked} thỏa thuận")
        result = actions.sweep(on_day=options.get("today"), progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Đã đánh giá {result.checked} thỏa thuận: {result.changed} thay đổi tình hình, "
            f"{result.updated} bản ghi cập nhật ({time.monotonic() - started:.1f} s)."))
