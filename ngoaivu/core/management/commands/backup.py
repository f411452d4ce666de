"""`ngoaivu backup [--output DIR]`: the database and the uploaded files in one tar.gz with a manifest."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ngoaivu.core import backup


class Command(BaseCommand):
    help = "Sao lưu CSDL và các tệp tải lên vào một tệp .tar.gz (kèm manifest: ngày, CSDL, phiên bản, sha256)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=None,
                            help="thư mục ghi bản sao lưu (mặc định: $NGOAIVU_DATA_DIR/backups)")

    def handle(self, *args, **options):
        output = options["output"] or settings.DATA_DIR / "backups"
        try:
            archive, manifest = backup.backup(output)
        except backup.BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {archive} ({backup.describe(manifest)})."))
