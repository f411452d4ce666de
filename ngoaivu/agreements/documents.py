"""The check of a document attached to an agreement, for the actions: the core upload check
(`ngoaivu.core.files.check_upload`) with its error keyed by the form field."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ngoaivu.core import files


def check_upload(upload, field: str = "file", label=None) -> None:
    """Raise ValidationError({field: message}) unless `upload` is an accepted document within the size limit."""
    label = label or _("Văn bản kèm theo")
    if upload is None:
        raise ValidationError({field: _("%(field)s: chọn tệp để tải lên") % {"field": label}})
    try:
        files.check_upload(upload, label)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
