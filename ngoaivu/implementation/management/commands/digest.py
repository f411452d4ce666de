"""`ngoaivu digest`: one e-mail a day to each user with what needs their attention in their scope."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from ngoaivu.implementation.actions import today
from ngoaivu.implementation.digest import send_digests


class Command(BaseCommand):
    help = "Gửi bản tin nhắc việc hằng ngày (mỗi người dùng một thư)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi")

    def handle(self, *args, **options):
        result = send_digests(options.get("today") or today(), dry_run=options["dry_run"], stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"Đã gửi {result['sent']} thư; {result['already_sent']} người đã nhận hôm nay; "
            f"{result['nothing_to_say']} người không có việc cần chú ý."))
        if result.get("failed"):
            # The operator's cron sees a failure; the next run tries these again.
            raise CommandError(f"{result['failed']} thư không gửi được (xem nhật ký); lần chạy sau sẽ gửi lại.")
