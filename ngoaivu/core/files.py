"""Stored files: the one file field, the one upload check and the one download view of the project.

Every uploaded document (agreement documents, activity evidence, delegation and conference reports…) is
a `ScopedFileField` of a scoped record. Its content is checked when it is stored (`check_upload`): the
type is read from the bytes, not trusted from the name, and must agree with the extension; HTML, SVG,
scripts and programs are refused, and so is anything over `MAX_DOCUMENT_MB`. It is stored under a random
folder (a path nobody can guess) with its original name, which is shown and given back on download.

Files are never served from a public URL: `FieldFile.url` of this field is the scoped download view
(`core:file_download`), which reads the owning record through `Model.objects.visible_to(user)` (404
outside the scope) and answers an attachment that the browser will not render.
"""
import logging
import os
import posixpath
import re
import secrets
import stat
import time
import unicodedata
import weakref
import zipfile
from urllib.parse import quote

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.utils import validate_file_name
from django.db import models, router, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property, lazy
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# Accepted kinds: label, extensions, Content-Type of the download.
KINDS = {
    "pdf": ("PDF", (".pdf",), "application/pdf"),
    "docx": ("Word", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Excel", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("PowerPoint", (".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "doc": ("Word 97-2003", (".doc",), "application/msword"),
    "xls": ("Excel 97-2003", (".xls",), "application/vnd.ms-excel"),
    "ppt": ("PowerPoint 97-2003", (".ppt",), "application/vnd.ms-powerpoint"),
    "odt": ("OpenDocument Text", (".odt",), "application/vnd.oasis.opendocument.text"),
    "ods": ("OpenDocument Spreadsheet", (".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("OpenDocument Presentation", (".odp",), "application/vnd.oasis.opendocument.presentation"),
    "png": ("PNG", (".png",), "image/png"),
    "jpeg": ("JPEG", (".jpg", ".jpeg"), "image/jpeg"),
    "tiff": ("TIFF", (".tif", ".tiff"), "image/tiff"),
    "text": (gettext_lazy("văn bản thuần"), (".txt", ".csv"), "text/plain; charset=utf-8"),
}
EXTENSION_KIND = {ext: kind for kind, (_label, exts, _ct) in KINDS.items() for ext in exts}
CONTENT_TYPES = {ext: ct for _kind, (_label, exts, ct) in KINDS.items() for ext in exts}
CONTENT_TYPES[".csv"] = "text/csv; charset=utf-8"

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MAIN = {  # main part of an Office Open XML package → kind (macro-enabled and templates are other types)
    b"officedocument.wordprocessingml.document.main+xml": "docx",
    b"officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OLE_STREAMS = {  # stream names of the directory (UTF-16LE, nul-terminated) → kind
    "WordDocument": "doc", "Workbook": "xls", "Book": "xls", "PowerPoint Document": "ppt",
}
# Markup a browser would run, anywhere in a text file, and a script's first line.
MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|\?xml)\b|^\s*#!",
                    re.IGNORECASE)
MACROS = ("vbaProject.bin", "vbaData.xml")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # no text file holds these; binaries do


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le") + b"\x00\x00"


def _read(upload, size=None) -> bytes:
    upload.seek(0)
    data = upload.read() if size is None else upload.read(size)
    upload.seek(0)
    return data


def _zip_kind(upload) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if any(name.rsplit("/", 1)[-1] in MACROS for name in names):
                return None
            if "[Content_Types].xml" in names and archive.getinfo("[Content_Types].xml").file_size < 1_000_000:
                types = archive.read("[Content_Types].xml")
                found = {kind for marker, kind in OOXML_MAIN.items() if marker in types}
                return found.pop() if len(found) == 1 else None
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                return ODF_MIMETYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def _ole_kind(upload) -> str | None:
    # The directory may sit anywhere in the compound file: look for the stream names in the whole of it.
    data = _read(upload)
    if _utf16("_VBA_PROJECT") in data or _utf16("Macros") in data:
        return None
    found = {kind for name, kind in OLE_STREAMS.items() if _utf16(name) in data}
    return found.pop() if len(found) == 1 else None


def _text_kind(upload) -> str | None:
    data = _read(upload)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if CONTROL.search(text):
        return None
    if MARKUP.search(data):
        return None
    return "text"


def detect_kind(upload) -> str | None:
    """The kind of document the bytes are (a key of KINDS), or None: unknown, markup, script or program."""
    head = _read(upload, 8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head.startswith(OLE):
        return _ole_kind(upload)
    return _text_kind(upload)


def accepted_types() -> str:
    return _("PDF, Word, Excel, PowerPoint, OpenDocument, ảnh (JPG, PNG, TIFF) hoặc văn bản thuần (TXT, CSV)")


def check_upload(upload, label, name: str | None = None) -> str:
    """Check an upload before it is stored; return its kind. Raise ValidationError naming the field
    (`label`) unless it is an accepted document, within the size limit, whose content is what its name says."""
    field = capfirst(str(label))
    name = os.path.basename(str(name or getattr(upload, "name", "") or "").replace("\\", "/"))
    ext = os.path.splitext(name)[1].lower()
    if ext not in EXTENSION_KIND:
        raise ValidationError(_("%(field)s: tệp “%(name)s” không được nhận; chỉ nhận %(types)s")
                              % {"field": field, "name": name, "types": accepted_types()}, code="extension")
    size = upload.size
    limit = settings.MAX_DOCUMENT_MB * 1024 * 1024
    if size > limit:
        raise ValidationError(_("%(field)s: tệp phải nhỏ hơn %(mb)s MB (tệp “%(name)s” nặng %(size).1f MB)")
                              % {"field": field, "mb": settings.MAX_DOCUMENT_MB, "name": name,
                                 "size": size / 1024 / 1024}, code="size")
    if not size:
        raise ValidationError(_("%(field)s: tệp “%(name)s” không có nội dung") % {"field": field, "name": name},
                              code="empty")
    kind = detect_kind(upload)
    if kind != EXTENSION_KIND[ext]:
        found = KINDS[kind][0] if kind else _("không phải tài liệu được nhận (HTML, SVG, mã lệnh, tệp chạy…)")
        raise ValidationError(_("%(field)s: nội dung tệp không khớp với đuôi %(ext)s (nội dung là %(found)s)")
                              % {"field": field, "ext": ext, "found": found}, code="content")
    return kind


@deconstructible
class UploadValidator:
    """Validator of a file being uploaded (a file already stored is not read again)."""

    def __init__(self, label):
        self.label = label

    def __call__(self, value):
        if not value or getattr(value, "_committed", False):
            return
        check_upload(value, self.label)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and str(self.label) == str(other.label)


def _upload_hint() -> str:
    return _("%(types)s; tối đa %(mb)s MB") % {"types": accepted_types(), "mb": settings.MAX_DOCUMENT_MB}


upload_hint = lazy(_upload_hint, str)


class UploadField(forms.FileField):
    """The form field of every upload: the checks of `check_upload`, the error naming this field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", upload_hint())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            check_upload(value, self.label or _("Tệp"))
        return value


def original_name(filename: str) -> str:
    """The name given by the uploader, made safe as the last part of a path (no folders, no control
    or reserved characters) and short enough for any file system (≤ 180 bytes)."""
    name = unicodedata.normalize("NFC", os.path.basename(str(filename).replace("\\", "/")))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"/\\|?*')
    name = " ".join(name.split()).strip(". ")
    stem, ext = os.path.splitext(name)
    ext = ext[:10]
    stem = stem or "tep"
    while len((stem + ext).encode("utf-8")) > 180:
        stem = stem[:-1]
    return stem.strip() + ext


def remove_stored(storage, name) -> None:
    """Remove a stored file no record holds, with its random folder (nothing else is in it). Never raises:
    it runs after a commit or while Django drops a rolled-back transaction's commit hooks."""
    try:
        storage.delete(name)
        folder = os.path.dirname(storage.path(name))
        if os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
    except (OSError, NotImplementedError):
        logger.warning("could not remove the stored file %s", name, exc_info=True)


def _remove_unless_committed(storage, name, committed) -> None:
    """The file of a transaction that did not commit: removed."""
    if not committed:
        remove_stored(storage, name)


def remove_on_rollback(storage, name, using) -> None:
    """Have a file just written inside a transaction removed if that transaction (or the savepoint it was
    written in) rolls back. The disk is not transactional: a record refused after its file was stored (a
    check after the INSERT, a scope check, a conflict) rolled back and left the file on disk, owned by no
    record, reachable by nobody and copied into every backup.

    Django has no rollback hook, but it forgets the commit hooks of what rolls back (the whole list on a
    rollback, those registered since a savepoint on its rollback) and runs them on commit. So a commit hook
    marks the file kept, and a finalizer on that hook removes the file unless it was marked: it runs when
    Django drops or clears the hook (at once, CPython frees an object when its last reference goes)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return  # autocommit: the row's INSERT/UPDATE has committed or failed already
    committed = []

    def keep():
        committed.append(True)

    weakref.finalize(keep, _remove_unless_committed, storage, name, committed).atexit = False
    transaction.on_commit(keep, using=using)


def remove_unreferenced(grace_seconds: float) -> tuple[int, int]:
    """Remove the stored files no record holds that are older than `grace_seconds`; return (files, bytes).

    The hooks above remove a file when its record lets go of it, but only in the process that made the change,
    and only if it lives on: a worker killed between writing an upload and committing its record, a save in
    autocommit whose INSERT failed, a row changed by `update()`, or a hook that could not delete leave a file
    on disk that no record holds, nobody can download and every backup copies. The sweep's `files` step
    removes them.

    What is kept: every name held by a file column of any model (the name is read after the disk, so a
    record committed meanwhile keeps its file), and every file younger than the grace period (an upload whose
    record is not committed yet). Only the folders the file fields write to (their app's label) are looked
    at: anything else an administrator keeps under MEDIA_ROOT is not ours to remove. The history tables'
    copies of old names are not counted: no page or API serves a file of a history row (the download view
    reads the current record), and a replaced file is removed at once anyway."""
    fields = [field for model in apps.get_models() for field in model._meta.concrete_fields
              if isinstance(field, models.FileField)]
    storages = {}
    for field in fields:
        storages.setdefault(id(field.storage), (field.storage, set()))[1].add(field.model._meta.app_label)
    cutoff = time.time() - grace_seconds
    candidates = []
    for storage, labels in storages.values():
        try:
            root = storage.path("")
        except NotImplementedError:  # not files on disk: nothing to walk here
            continue
        for label in sorted(labels):
            for folder, _dirs, names in os.walk(os.path.join(root, label)):  # symlinked folders not followed
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        info = os.lstat(path)
                    except OSError:
                        continue
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                        relative = os.path.relpath(path, root).replace(os.sep, "/")
                        candidates.append((storage, relative, path, info.st_size))
    if not candidates:
        return 0, 0
    held = {}
    for field in fields:
        names = (field.model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                 .exclude(**{field.attname: ""}).values_list(field.attname, flat=True))
        held.setdefault(id(field.storage), set()).update(names.iterator())
    removed = size = 0
    for storage, name, path, length in candidates:
        if name in held[id(storage)]:
            continue
        remove_stored(storage, name)
        if not os.path.lexists(path):
            removed += 1
            size += length
    if removed:
        logger.info("removed %d stored files no record holds (%d bytes)", removed, size)
    return removed, size


class ScopedFieldFile(FieldFile):
    """A stored file whose content is checked before it is written and whose URL is the scoped view."""

    def save(self, name, content, save=True):
        # The last line of defence: whatever path a file takes (form, API, action, shell), it is checked.
        if not getattr(content, "_committed", False):
            try:
                check_upload(content, self.field.verbose_name, name)
            except ValidationError as error:
                raise ValidationError({self.field.name: error.messages}) from None
        # Written now, the record saved after (FieldFile.save's order): the file goes with a rollback.
        super().save(name, content, save=False)
        remove_on_rollback(self.storage, self.name, router.db_for_write(type(self.instance)))
        if save:
            self.instance.save()

    @property
    def download_url(self) -> str:
        return download_url(self.instance, self.field.name)

    # Anything that asks a stored file for its URL (a template, DRF, the admin) gets the scoped view.
    url = download_url

    @property
    def display_name(self) -> str:
        return posixpath.basename(self.name or "")


class _RandomFolderFileField(models.FileField):
    """A stored file under <app>/<model>/<year>/<month>/<random>/<original name>: nothing guessable, the name
    kept for download."""

    def __init__(self, verbose_name=None, name=None, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.pop("upload_to", None)
        super().__init__(verbose_name, name, **kwargs)

    def generate_filename(self, instance, filename):
        now = timezone.localtime()
        opts = instance._meta
        name = f"{opts.app_label}/{opts.model_name}/{now:%Y/%m}/{secrets.token_urlsafe(18)}/{original_name(filename)}"
        validate_file_name(name, allow_relative_path=True)
        return name

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        if kwargs.get("max_length") == 300:
            del kwargs["max_length"]
        return name, path, args, kwargs


class ScopedFileField(_RandomFolderFileField):
    """The file field of every model: content checked on upload, random folder, scoped download."""

    attr_class = ScopedFieldFile

    # A file no record holds any more is removed once that is committed: replaced by a new upload, cleared
    # ("Xóa"), or its record deleted (directly or by a cascade). Left on disk, it stayed in every backup
    # though nobody could download it, and "removing" a wrongly attached document did not remove it.
    # Each file belongs to one record (its random folder), so nothing else can still point at it.

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_init.connect(self._remember_stored, sender=cls, weak=False)
            signals.post_save.connect(self._remove_replaced, sender=cls, weak=False)
            signals.post_delete.connect(self._remove_of_deleted, sender=cls, weak=False)

    def _stored(self, instance) -> dict:
        return instance.__dict__.setdefault("_scoped_files_stored", {})

    def _remember_stored(self, instance, **kwargs):
        """The name the record was read with (a new record's upload is not stored yet)."""
        value = instance.__dict__.get(self.attname, None)
        if isinstance(value, str):
            self._stored(instance)[self.attname] = value
        elif isinstance(value, FieldFile) and value._committed:
            self._stored(instance)[self.attname] = value.name or ""

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        name = file.name or ""
        stored = self._stored(model_instance)
        if not add and model_instance.pk is not None and stored.get(self.attname) != name:
            # Read from the row (the instance may have been read before another save): what this save replaces.
            old = (type(model_instance)._base_manager.filter(pk=model_instance.pk)
                   .values_list(self.attname, flat=True).first())
            if old and old != name:
                model_instance.__dict__.setdefault("_scoped_files_replaced", []).append(old)
        stored[self.attname] = name
        return file

    def _remove_replaced(self, instance, raw=False, **kwargs):
        replaced = instance.__dict__.pop("_scoped_files_replaced", [])
        if raw:
            return
        for old in replaced:
            self._remove_on_commit(instance, old)

    def _remove_of_deleted(self, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            self._remove_on_commit(instance, name)

    def _remove_on_commit(self, instance, name):
        storage = self.storage
        transaction.on_commit(lambda: remove_stored(storage, name), using=router.db_for_write(type(instance)))

    @cached_property
    def validators(self):
        return [*self.default_validators, *self._validators, UploadValidator(self.verbose_name)]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadField, **kwargs})


class GeneratedFileField(_RandomFolderFileField):
    """The file field of what the application writes itself (a background job's export), the one exception to
    ScopedFileField: not an upload, so no content check or size limit (the centre's register is 21 MB as CSV);
    stored as an upload is, under a random folder; given only through its model's own view, which reads it
    through `Model.objects.visible_to(user)` (core.views_jobs.job_download)."""


def remove_on_commit(instance, field_name: str, name: str) -> None:
    """Have the stored file `name`, which the record's `field_name` held, removed once the change commits —
    for a file replaced by `update()`, which does not pass through the field. Deleting it at once instead
    lost it when the transaction then rolled back: the record kept naming a file no longer there."""
    if name:
        instance._meta.get_field(field_name)._remove_on_commit(instance, name)


def download_url(instance, field_name: str) -> str:
    """The scoped download URL of a record's file ("" before the record is saved)."""
    if instance.pk is None:
        return ""
    return reverse("core:file_download", kwargs={
        "model": instance._meta.label_lower, "field": field_name, "pk": instance.pk})


def absolute_url(request, stored) -> str:
    """The absolute scoped download URL of a stored file, for the API ("" when there is no file)."""
    if not stored:
        return ""
    return request.build_absolute_uri(stored.url) if request is not None else stored.url


def _file_field(model_label: str, field_name: str):
    try:
        model = apps.get_model(model_label)
        field = model._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        raise Http404 from None
    if not isinstance(field, ScopedFileField) or not hasattr(model.objects, "visible_to"):
        raise Http404
    return model, field


@login_required
def download(request, model, field, pk):
    """The file of a record the user may read, as an attachment the browser will not render."""
    model, field = _file_field(model, field)
    from ngoaivu.core.generic import visible_or_404  # here: models and migrations import this module
    record = visible_or_404(model.objects, request.user, pk)
    stored = getattr(record, field.attname)
    return file_response(stored, stored.display_name if stored else "")


def file_response(stored, filename: str):
    """A stored file as an attachment the browser will not render, sent by the web server when it is set up
    to (FILE_SENDFILE_HEADER); 404 when there is no file."""
    if not stored or not stored.storage.exists(stored.name):
        raise Http404(_("Không tìm thấy tệp"))
    content_type = CONTENT_TYPES.get(os.path.splitext(filename)[1].lower(), "application/octet-stream")
    header = getattr(settings, "FILE_SENDFILE_HEADER", "")
    if header:
        # The web server sends the bytes (X-Accel-Redirect: an internal location; X-Sendfile: a path).
        response = HttpResponse(content_type=content_type)
        if header.lower() == "x-accel-redirect":
            prefix = getattr(settings, "FILE_SENDFILE_PREFIX", "/protected-files/").rstrip("/")
            response[header] = f"{prefix}/{quote(stored.name)}"
        else:
            response[header] = stored.path
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
