"""The import page every register shares: upload (size checked before reading), preview, confirm once.

A register's page subclasses `ImportPage` with its kind, templates, URLs, who may import, how its rows
are checked and written, and its own messages; the steps themselves are `ngoaivu.core.import_runs`.

Long work leaves the request (core.jobs): a file over settings.IMPORT_INLINE_BYTES is read and checked by the
worker (`check_job`), whose page sends its requester back to this page with the preview it wrote
(`?run=<token>`); the confirmation of more than settings.IMPORT_INLINE_ROWS rows is a job too (`confirm_job`).
"""
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views import View

from ngoaivu.core import import_runs
from ngoaivu.core.import_files import CHANGED, NEW, ImportFileError, check_size
from ngoaivu.core.jobs import JobFailed, Outcome, request_job, under_way
from ngoaivu.core.models import ImportRun
from ngoaivu.core.numbers import vn_number


class UploadForm(forms.Form):
    """The file of an import; a file over the register's size limit is refused before it is read."""

    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV"),
                           error_messages={"required": gettext_lazy("Chọn tệp để nhập")})

    def __init__(self, *args, layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload, self.layout)
        except ImportFileError as error:
            raise ValidationError(str(error))
        return upload


class ImportPage(LoginRequiredMixin, View):
    """Step 1 (upload) shows the preview; step 2 (confirm) writes the previewed rows, all or none.

    The template gets `form`, `preview` (the checked file's preview: `preview_template` rendered with
    `result`, in the request or by the background check; `result` itself when checked in the request), `run`
    (whose token the confirm form posts back; None unless every row is good) and `ready` ({"new", "changed",
    "to_write"} of a good file), plus `extra_context()`."""

    kind = ""                   # ImportRun.kind
    template_name = ""
    preview_template = ""       # the checked file: its rows and what each will do, or its errors
    import_url = ""             # this page, where a refused confirmation comes back
    list_url = ""               # where a confirmed (or already confirmed) import goes
    form_class = UploadForm
    conflict_message = None     # for a unique value saved by someone else meanwhile (see import_runs.confirm)

    # --- what a register gives ---------------------------------------------------------------------------

    def authorise(self, user) -> None:
        """Raise PermissionDenied when the user may not import here."""
        raise NotImplementedError

    def layout(self):
        raise NotImplementedError

    def check(self, raw_rows, user):
        """The checked file (writes nothing)."""
        raise NotImplementedError

    def commit(self, result, user) -> tuple[int, int]:
        """Write every row or none; (created, updated)."""
        raise NotImplementedError

    def success_message(self, result, run) -> str:
        raise NotImplementedError

    def already_confirmed_message(self, run) -> str:
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    # --- the steps -----------------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.authorise(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = self.form_class(layout=self.layout())
        run = self.kept_run(request)
        if run is None:
            return self.page(request, form)
        if run.checking:  # still with the worker (the back button, a link kept): where to follow it
            job = under_way(CHECK_JOB, token=str(run.token))
            # No job under way: the worker gave up on it (its process died again and again); upload again.
            return self.page(request, form, checking={"filename": run.filename, "stopped": job is None,
                                                      "url": job.get_absolute_url() if job else ""})
        # The preview the background check wrote (check_job), and the confirmation of a good file.
        ready = _counts(run.plan) if run.plan else None
        return self.page(request, form, preview=mark_safe(run.preview), run=run if ready else None, ready=ready)

    def kept_run(self, request):
        """The run of `?run=<token>`: the user's own file of this register, kept for the background check or
        checked by it, not yet confirmed (None otherwise: someone else's token shows the empty page)."""
        try:
            token = uuid.UUID(request.GET.get("run", ""))
        except ValueError:
            return None
        return (ImportRun.objects.filter(token=token, kind=self.kind, created_by=request.user,
                                         confirmed_at__isnull=True).filter(Q(checking=True) | ~Q(preview=""))
                .only("pk", "token", "filename", "plan", "preview", "checking").first())

    def post(self, request):
        if request.POST.get("confirm"):
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES, layout=self.layout())
        result = run = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.IMPORT_INLINE_BYTES:
                run = import_runs.keep_upload(self.kind, upload, request.user, filename=upload.name)
                title = _("Kiểm tra tệp %(name)s (%(size)s KB)") % {"name": upload.name,
                                                                   "size": vn_number(-(-upload.size // 1024))}
                return redirect(request_job(CHECK_JOB, request.user, title, {"kind": self.kind, "token": str(run.token)}))
            try:
                result, run = import_runs.start(self.kind, upload, request.user, layout=self.layout(),
                                                check=self.check, filename=upload.name)
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if not result.rows:
                    form.add_error("file", _("Tệp không có dòng dữ liệu nào"))
                    result = None
        preview = self.preview(result) if result is not None else ""
        # A run is kept for a good file only, with its plan (import_runs.start).
        return self.page(request, form, preview=preview, run=run, result=result,
                         ready=_counts(run.plan) if run is not None else None)

    def preview(self, result) -> str:
        """The checked file as the page shows it (the same in the request and in the background check)."""
        return render_to_string(self.preview_template, {"result": result, **self.extra_context()})

    def page(self, request, form, preview="", run=None, ready=None, result=None, checking=None):
        return render(request, self.template_name, {"form": form, "preview": preview, "run": run, "ready": ready,
                                                    "result": result, "checking": checking, **self.extra_context()})

    def confirm(self, request):
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = None
        run = (ImportRun.objects.filter(token=token, kind=self.kind, created_by=request.user, confirmed_at__isnull=True)
               .only("pk", "filename", "plan").first() if token else None)
        if run is not None and len(run.plan) > settings.IMPORT_INLINE_ROWS:
            # Many rows: written by a background job (core.jobs), whose page says when they are in.
            title = _("Nhập tệp %(name)s: %(n)s dòng") % {"name": run.filename, "n": vn_number(len(run.plan))}
            return redirect(request_job(CONFIRM_JOB, request.user, title, {"kind": self.kind, "token": str(token)},
                                        total=len(run.plan)))
        level, message, url = self.confirmed(token, request.user)
        getattr(messages, level)(request, message)
        return redirect(url)

    def confirmed(self, token, user) -> tuple[str, str, str]:
        """Import the run's rows: (message level, message, where to go next)."""
        try:
            if token is None:
                raise import_runs.expired()
            result, run = import_runs.confirm(self.kind, token, user, check=self.check, commit=self.commit,
                                              conflict=self.conflict_message)
        except import_runs.AlreadyConfirmed as error:
            return "warning", self.already_confirmed_message(error.args[0]), reverse(self.list_url)
        except ImportFileError as error:
            return "error", str(error), reverse(self.import_url)
        except ValidationError as error:
            return ("error", _("Không nhập dòng nào: %(msg)s") % {"msg": "; ".join(error.messages)},
                    reverse(self.import_url))
        return "success", self.success_message(result, run), reverse(self.list_url)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            IMPORT_PAGES[cls.kind] = cls


def _counts(plan) -> dict:
    """What the confirm button says, from a good file's kept plan (import_runs.row_plan: number, state, …)."""
    new, changed = sum(1 for row in plan if row[1] == NEW), sum(1 for row in plan if row[1] == CHANGED)
    return {"new": new, "changed": changed, "to_write": new + changed}


# kind -> the register's ImportPage: what a background check or confirmation checks and writes with.
IMPORT_PAGES: dict[str, type[ImportPage]] = {}
CHECK_JOB = "core.import_check"
CONFIRM_JOB = "core.import_confirm"


def check_job(job, progress) -> Outcome:
    """A big file's preview, made by the worker as the page would have made it: the run keeps the rows and the plan
    of a good file, and the preview (its rows, or its errors by row and column) the page then shows, in the
    language of the upload (the job's). A check that cannot be done deletes the run, the file with it: nothing
    is left waiting for a job that will not come back to it."""
    page = IMPORT_PAGES[job.params["kind"]]()
    user = job.requested_by
    back = reverse(page.import_url)
    try:
        token = uuid.UUID(job.params.get("token", ""))
    except ValueError:
        token = None
    run = ImportRun.objects.filter(token=token, kind=page.kind, created_by=user, checking=True).first()
    if run is None:
        raise JobFailed(str(import_runs.expired()), back)
    try:
        try:
            page.authorise(user)
        except PermissionDenied:
            raise JobFailed(_("Bạn không còn quyền nhập vào sổ này."), back) from None
        try:
            result = import_runs.check_kept(run, layout=page.layout(), check=page.check, user=user)
        except ImportFileError as error:
            raise JobFailed(str(error), back) from None
        if not result.rows:
            raise JobFailed(_("Tệp không có dòng dữ liệu nào"), back)
        ImportRun.objects.filter(pk=run.pk).update(preview=page.preview(result))
    except Exception:
        # Refused, unreadable, empty, or a failure of the check itself (core.jobs logs it): the run goes. Not
        # when the process is stopped midway: the job is taken again (core.jobs) and finds its file.
        ImportRun.objects.filter(pk=run.pk).delete()
        raise
    if result.ok:
        n = len(result.rows)
        message = ngettext("Tệp hợp lệ: %(n)s dòng. Xem trước rồi xác nhận để nhập; chưa có gì được lưu.",
                           "Tệp hợp lệ: %(n)s dòng. Xem trước rồi xác nhận để nhập; chưa có gì được lưu.", n)
    else:
        n = len(result.errors)
        message = ngettext("Tệp có %(n)s lỗi: chưa nhập dòng nào. Xem các lỗi theo dòng và cột.",
                           "Tệp có %(n)s lỗi: chưa nhập dòng nào. Xem các lỗi theo dòng và cột.", n)
    message %= {"n": vn_number(n)}
    return Outcome(url=f"{back}?run={run.token}", message=message)


def confirm_job(job, progress) -> Outcome:
    """A big import's confirmation, done by the worker as the page would have done it."""
    page = IMPORT_PAGES[job.params["kind"]]()
    user = job.requested_by
    try:
        page.authorise(user)
    except PermissionDenied:
        raise JobFailed(_("Bạn không còn quyền nhập vào sổ này.")) from None
    try:
        token = uuid.UUID(job.params.get("token", ""))
    except ValueError:
        token = None
    level, message, url = page.confirmed(token, user)
    if level == "error":
        raise JobFailed(message, url)
    return Outcome(url=url, message=message)
