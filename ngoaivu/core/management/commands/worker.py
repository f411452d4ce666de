"""`ngoaivu worker`: does the background jobs the pages ask for (big exports, big imports) as they come."""
import signal
import threading

from django.core.management.base import BaseCommand

from ngoaivu.core import jobs


class Command(BaseCommand):
    help = ("Làm các việc chạy nền (xuất tệp lớn, nhập nhiều dòng) ngay khi được yêu cầu; chạy liên tục như một "
            "dịch vụ (systemd). Không có tiến trình này, lượt quét hằng giờ làm thay.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Làm các việc đang chờ rồi thoát")
        parser.add_argument("--interval", type=float, default=2.0, help="Số giây giữa hai lần xem hàng việc (2)")

    def handle(self, *args, once=False, interval=2.0, **options):
        stop = threading.Event()
        if once:
            jobs.work(once=True, stop=stop, out=self.stdout.write)
            return
        # systemd stops a service with SIGTERM: the job under way finishes (within systemd's TimeoutStopSec,
        # 90 s by default), then the loop ends.
        previous = {sig: signal.signal(sig, lambda *_args: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            jobs.work(interval=interval, stop=stop, out=self.stdout.write)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
