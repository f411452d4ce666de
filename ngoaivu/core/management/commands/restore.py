"""`ngoaivu restore ARCHIVE --yes`: replace the database and the uploaded files with a backup's. Refuses a
backup of another database engine, a damaged archive, and anything without --yes."""
from django.core.management.base import BaseCommand, CommandError

from ngoaivu.core import backup


class Command(BaseCommand):
    help = "Khôi phục CSDL và các tệp tải lên từ một bản sao lưu của `ngoaivu backup` (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp .tar.gz do `ngoaivu backup` tạo")
        parser.add_argument("--yes", action="store_true", help="đồng ý ghi đè CSDL và tệp tải lên hiện có")

    def handle(self, *args, **options):
        archive = options["archive"]
        try:
            manifest = backup.read_manifest(archive)
            backup.check_compatible(manifest)
            if not options["yes"]:
                raise CommandError(
                    f"{archive}: {backup.describe(manifest)}. Khôi phục sẽ ghi đè toàn bộ CSDL và tệp tải lên "
                    "hiện có; chạy lại với --yes để xác nhận.")
            backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {archive} ({backup.describe(manifest)})."))
        if manifest.get("app_version") != backup.app_version():
            self.stdout.write(f"Bản sao lưu của phiên bản {manifest.get('app_version')}, đang chạy "
                              f"{backup.app_version()}: chạy `ngoaivu migrate` trước khi mở lại trang.")
