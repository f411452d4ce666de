"""`ngoaivu indicator_totals --check | --rebuild`: compare the indicators' yearly totals with the registers
they sum, or recompute them all (after a restore, or when --check found a difference)."""
import time

from django.core.management.base import BaseCommand, CommandError

from ngoaivu.indicators import totals


class Command(BaseCommand):
    help = "Kiểm tra (--check) hoặc tính lại toàn bộ (--rebuild) tổng số theo năm của các chỉ số."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="Liệt kê chỗ tổng số theo năm khác sổ theo dõi")
        group.add_argument("--rebuild", action="store_true", help="Tính lại toàn bộ từ sổ theo dõi")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["rebuild"]:
            rows = totals.rebuild()
            self.stdout.write(self.style.SUCCESS(
                f"Đã tính lại {rows} dòng tổng số theo năm trong {time.perf_counter() - started:.2f} giây."))
            return
        found = totals.differences()
        for locality, year, have, want in found:
            self.stdout.write(f"tỉnh {locality or '(trung ương)'} / năm {year}: lưu {have}, đúng là {want}")
        if found:
            raise CommandError(f"{len(found)} dòng tổng số theo năm khác sổ theo dõi; chạy --rebuild.")
        self.stdout.write(self.style.SUCCESS(
            f"Tổng số theo năm khớp với sổ theo dõi ({time.perf_counter() - started:.2f} giây)."))
