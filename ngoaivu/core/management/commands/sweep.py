"""`ngoaivu sweep`: every app's date-driven rules in one run (cron, hourly): agreement statuses and
deadlines, delegation and conference statuses, implementation health, expired sessions. Each step says
what it changed. Safe to start twice: the second run finds the lock taken, waits up to --wait seconds (the worker
holds it for seconds at a time) and exits without work if it is still taken."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from ngoaivu.core import sweep


class Command(BaseCommand):
    help = "Cập nhật mọi tình trạng theo ngày (thỏa thuận, đoàn, hội nghị, tình hình triển khai); chạy mỗi giờ."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--only", metavar="NAME",
                            help="chỉ chạy một bước: " + ", ".join(sweep.step_names()))
        parser.add_argument("--wait", type=float, default=120, metavar="SECONDS",
                            help="chờ tối đa bấy nhiêu giây khi một lần quét khác (hoặc ngoaivu worker) đang giữ khóa (120)")

    def handle(self, *args, **options):
        only = options.get("only")
        if only and only not in sweep.step_names():
            raise CommandError(f"Không có bước quét “{only}”. Các bước: {', '.join(sweep.step_names())}.")

        def report(result):
            self.stdout.write(f"{result.name}: {result.report.message} ({result.seconds:.1f} s)")

        results = sweep.run(today=options.get("today"), only=only, on_step=report, wait=options["wait"])
        if results is None:
            self.stdout.write(self.style.WARNING("Một lần quét khác đang chạy; lần này không làm gì."))
            return
        total = sum(r.report.changed for r in results)
        failed = [r.name for r in results if r.error is not None]
        if failed:
            # A non-zero exit makes cron mail the administrator; the other steps have run.
            raise CommandError(f"Bước quét bị lỗi: {', '.join(failed)} (các bước khác đã chạy; xem nhật ký).")
        self.stdout.write(self.style.SUCCESS(f"Xong {len(results)} bước quét, {total} thay đổi tình trạng."))
