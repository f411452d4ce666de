"""Checks on an uploaded file: an office document or a scan, not too large, and what it says it is."""
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → accepted first bytes (the file must really be what its name says)
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".odt": (b"PK\x03\x04",), ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",), ".xls": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",),
    ".tif": (b"II*\x00", b"MM\x00*"), ".tiff": (b"II*\x00", b"MM\x00*"),
}


def check_upload(upload, field: str = "file") -> None:
    """Raise ValidationError({field: message}) unless `upload` is an allowed type within the size limit."""
    if upload is None:
        raise ValidationError({field: _("Chọn tệp để tải lên")})
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in SIGNATURES:
        raise ValidationError({field: _("Tệp phải là PDF, Word, Excel, OpenDocument hoặc ảnh quét (JPG, PNG, TIFF)")})
    limit = settings.MAX_DOCUMENT_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError({field: _("Tệp phải nhỏ hơn %(mb)s MB") % {"mb": settings.MAX_DOCUMENT_MB}})
    if upload.size == 0:
        raise ValidationError({field: _("Tệp được chọn không có nội dung")})
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError({field: _("Nội dung tệp không khớp với đuôi %(ext)s") % {"ext": ext}})
