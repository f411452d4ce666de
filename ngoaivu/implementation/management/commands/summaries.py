"""`ngoaivu summaries --check | --rebuild`: compare the summary rows with the register they summarise,
or recompute them all (after a restore, or when --check found a difference)."""
import time

from django.core.management.base import BaseCommand, CommandError

from ngoaivu.implementation import summaries


class Command(BaseCommand):
    help = "Kiểm tra (--check) hoặc tính lại toàn bộ (--rebuild) số liệu tổng hợp toàn quốc."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="Liệt kê chỗ số liệu tổng hợp khác sổ đăng ký")
        group.add_argument("--rebuild", action="store_true", help="Tính lại toàn bộ từ sổ đăng ký")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["rebuild"]:
            rows = summaries.rebuild()
            self.stdout.write(self.style.SUCCESS(
                f"Đã tính lại {rows} dòng số liệu tổng hợp trong {time.perf_counter() - started:.2f} giây."))
            return
        found = summaries.differences()
        for locality, country, have, want in found:
            self.stdout.write(f"tỉnh {locality or '(trung ương)'} / {country or 'mọi quốc gia'}: "
                              f"lưu {have}, đúng là {want}")
        if found:
            raise CommandError(f"{len(found)} dòng số liệu tổng hợp khác sổ đăng ký; chạy --rebuild.")
        self.stdout.write(self.style.SUCCESS(
            f"Số liệu tổng hợp khớp với sổ đăng ký ({time.perf_counter() - started:.2f} giây)."))
