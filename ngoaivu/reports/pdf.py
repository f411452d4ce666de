"""Word → PDF through LibreOffice in headless mode (`soffice --headless --convert-to pdf`).

Each conversion gets its own LibreOffice profile folder (-env:UserInstallation): two conversions sharing
a profile lock each other out, and a sweep may run next to a test or another process. The binary is
found on PATH (`soffice` or `libreoffice`) or from settings.SOFFICE; when it is missing, the error says
so in Vietnamese and the page shows it instead of failing.
"""
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 180


class PdfError(Exception):
    """A conversion that could not be done; the message is for the officer."""


def soffice_path() -> str | None:
    configured = getattr(settings, "SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def missing_message() -> str:
    return _("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; bản Word vẫn tải được. "
             "Quản trị hệ thống cài bằng scripts/install-libreoffice.")


def convert(docx: bytes, name: str = "van-ban.docx") -> tuple[bytes, float]:
    """The PDF of a .docx and the seconds the conversion took. Raises PdfError."""
    binary = soffice_path()
    if binary is None:
        raise PdfError(missing_message())
    with tempfile.TemporaryDirectory(prefix="ngoaivu-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / name
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        started = time.monotonic()
        try:
            result = subprocess.run(
                [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", str(folder / "out"), str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(_("LibreOffice không chuyển xong văn bản sau %(s)s giây") % {"s": TIMEOUT_SECONDS}) from None
        seconds = time.monotonic() - started
        output = folder / "out" / (source.stem + ".pdf")
        if result.returncode != 0 or not output.exists():
            detail = (result.stderr or result.stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise PdfError(_("LibreOffice không chuyển được văn bản sang PDF: %(detail)s") % {"detail": detail})
        return output.read_bytes(), seconds
