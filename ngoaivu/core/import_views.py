"""The import page every register shares: upload (size checked before reading), preview, confirm once.

A register's page subclasses `ImportPage` with its kind, template, URLs, who may import, how its rows
are checked and written, and its own messages; the steps themselves are `ngoaivu.core.import_runs`.
"""
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ngoaivu.core import import_runs
from ngoaivu.core.import_files import ImportFileError, check_size
from ngoaivu.core.jobs import JobFailed, Outcome, request_job
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

    The template gets `form`, `result` (the checked file, or None) and `run` (whose token the confirm
    form posts back; None unless every row is good), plus `extra_context()`."""

    kind = ""                   # ImportRun.kind
    template_name = ""
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
        return self.page(request, self.form_class(layout=self.layout()))

    def post(self, request):
        if request.POST.get("confirm"):
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES, layout=self.layout())
        result = run = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result, run = import_runs.start(self.kind, upload, request.user, layout=self.layout(),
                                                check=self.check, filename=upload.name)
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if not result.rows:
                    form.add_error("file", _("Tệp không có dòng dữ liệu nào"))
                    result = None
        return self.page(request, form, result, run)

    def page(self, request, form, result=None, run=None):
        return render(request, self.template_name, {"form": form, "result": result, "run": run,
                                                    **self.extra_context()})

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


# kind -> the register's ImportPage: what a background confirmation checks and writes with.
IMPORT_PAGES: dict[str, type[ImportPage]] = {}
CONFIRM_JOB = "core.import_confirm"


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
