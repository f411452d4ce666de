"""`ngoaivu summaries --check | --rebuild`: compare every kept figure (each keeper registered with
core.summaries: the national summaries, the indicators' yearly totals, the delegations' status "reported"
against their reports) with the registers it sums, or recompute them all (after a restore, or when --check
found a difference)."""
import time

from django.core.management.base import BaseCommand, CommandError

from ngoaivu.core import summaries


class Command(BaseCommand):
    help = "Kiểm tra (--check) hoặc tính lại toàn bộ (--rebuild) các số liệu tổng hợp được lưu sẵn."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="Liệt kê chỗ số liệu tổng hợp khác sổ đăng ký")
        group.add_argument("--rebuild", action="store_true", help="Tính lại toàn bộ từ sổ đăng ký")

    def handle(self, *args, **options):
        found = 0
        for keeper in summaries.keepers():
            name = summaries.title_of(keeper)
            started = time.perf_counter()
            if options["rebuild"]:
                rows = keeper.rebuild()
                self.stdout.write(self.style.SUCCESS(
                    f"{name}: đã tính lại {rows} dòng trong {time.perf_counter() - started:.2f} giây."))
                continue
            differences = keeper.differences()
            for *key, have, want in differences:
                # A blank part is the centre's own records (province) or every country.
                where = " / ".join("—" if part in (None, "") else str(part) for part in key)
                self.stdout.write(f"{name}: {where}: lưu {have}, đúng là {want}")
            found += len(differences)
            if not differences:
                self.stdout.write(self.style.SUCCESS(
                    f"{name}: khớp với sổ đăng ký ({time.perf_counter() - started:.2f} giây)."))
        if found:
            raise CommandError(f"{found} dòng số liệu tổng hợp khác sổ đăng ký; chạy --rebuild.")
