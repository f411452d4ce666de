"""`ngoaivu demo`: prepare the embedded SQLite database with demo data, print the accounts, serve (with the
background jobs' worker in a thread)."""
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chuẩn bị CSDL demo (migrate, dữ liệu tham chiếu, dữ liệu mẫu) và chạy máy chủ tại 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--prepare-only", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, prepare_only=False, addrport="127.0.0.1:8000", **options):
        from ngoaivu.core import jobs
        from ngoaivu.core.demo import DEMO_PASSWORD, demo_accounts, load_demo
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("i18n", verbosity=0)
        load_demo()
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu demo sẵn sàng trong {settings.DATA_DIR}"))
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, description in demo_accounts():
            self.stdout.write(f"  {username:<20} {description}")
        if prepare_only:
            return
        settings.DEMO = True  # the login page then lists the demo accounts
        # People trying the demo see the product's own 404 page, not Django's debug page (which lists
        # every URL pattern); WhiteNoise still serves static files from the apps without collectstatic.
        settings.DEBUG = False
        # The background jobs (big exports, big imports, period reports) are done beside the server, as
        # `ngoaivu worker` does them in production, and stop with it: a worker left running in the process
        # that called this command (a test's) kept polling its database and locked its tables.
        stop = threading.Event()
        worker = threading.Thread(target=jobs.work, kwargs={"stop": stop}, name="ngoaivu-worker", daemon=True)
        worker.start()
        self.stdout.write(f"Mở http://{addrport}/ — Ctrl+C để dừng.")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            stop.set()
            worker.join(timeout=30)
