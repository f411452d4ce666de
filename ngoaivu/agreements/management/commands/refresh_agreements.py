"""`ngoaivu refresh_agreements`: run nightly (cron / systemd timer) so statuses follow passing dates."""
from django.core.management.base import BaseCommand

from ngoaivu.agreements.actions import refresh_all


class Command(BaseCommand):
    help = "Tính lại tình trạng và thời hạn của các thỏa thuận theo ngày hôm nay (chạy hằng đêm)."

    def handle(self, *args, **options):
        changed = refresh_all()
        self.stdout.write(f"Đã cập nhật tình trạng của {changed} thỏa thuận.")
