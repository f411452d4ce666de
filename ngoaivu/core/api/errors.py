"""Uniform API errors: {"detail": "...", "errors": {field: [messages]}} with Vietnamese messages."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler with one body shape. Messages follow the request's language (Vietnamese by default:
    DRF's own messages get Vietnamese from core's vi catalogue)."""
    if isinstance(exc, Http404):
        # Django's get_object_or_404 says "No Agreement matches the given query.": English, and it names
        # the model. Every missing or out-of-scope record answers the same words.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(getattr(exc, "message_dict", None) or {"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF writes the wait into its sentence before translating it, so no catalogue can: the answer was
        # "Quá nhiều yêu cầu, hãy thử lại sau. Expected available in 60 seconds."
        response.data = {"detail": ngettext("Quá nhiều yêu cầu, hãy thử lại sau %(wait)s giây.",
                                            "Quá nhiều yêu cầu, hãy thử lại sau %(wait)s giây.",
                                            exc.wait) % {"wait": exc.wait}}
    if isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _("Dữ liệu không hợp lệ, xem từng trường trong errors."), "errors": data}
    elif response.status_code == 400:  # malformed body (ParseError): same shape as a validation error
        response.data = {"detail": str(exc.detail), "errors": {}}
    return response


ErrorSerializer = inline_serializer("Error", {"detail": serializers.CharField()})
ValidationErrorSerializer = inline_serializer("ValidationError", {
    "detail": serializers.CharField(),
    "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
})

READ_ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Chưa đăng nhập / not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Không có quyền / forbidden"),
    404: OpenApiResponse(ErrorSerializer, description="Không tìm thấy hoặc ngoài phạm vi / not found"),
}
WRITE_ERRORS = {**READ_ERRORS, 400: OpenApiResponse(ValidationErrorSerializer, description="Dữ liệu không hợp lệ")}
# A list answers 400 when a filter value is malformed (django-filter validates query parameters).
LIST_ERRORS = {**READ_ERRORS, 400: OpenApiResponse(ValidationErrorSerializer, description="Bộ lọc không hợp lệ")}


def document_bad_address(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation may answer 400, because
    core.middleware.RejectNulMiddleware refuses an address carrying a NUL before any view runs. The
    operations that validate input document their 400 already; this adds it to the rest (reads)."""
    schemas = result.get("components", {}).get("schemas", {})
    schema = ({"$ref": "#/components/schemas/ValidationError"} if "ValidationError" in schemas
              else {"type": "object", "properties": {"detail": {"type": "string"}}})
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("400", {
                    "description": "Địa chỉ không hợp lệ (ký tự NUL) / malformed address",
                    "content": {"application/json": {"schema": schema}}})
    return result
