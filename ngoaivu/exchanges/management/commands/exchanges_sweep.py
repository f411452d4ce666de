"""Daily (cron or systemd timer): move date-driven statuses on and store each change with its reason."""
from django.core.management.base import BaseCommand

from ngoaivu.exchanges.actions import sweep


class Command(BaseCommand):
    help = "Cập nhật trạng thái đoàn, hội nghị theo ngày (chạy hằng ngày)."

    def handle(self, *args, **options):
        flips = sweep()
        self.stdout.write(f"{flips} status change(s)")
