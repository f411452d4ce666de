"""API base classes: the same scoping as the pages, and error responses documented in the schema."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response

from ngoaivu.core import concurrency
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, ErrorSerializer
from ngoaivu.core.scoping import check_in_scope, may_add, may_edit

# Apply to a viewset class: @extend_schema_view(**scoped_schema()) documents 400/401/403/404 everywhere.
def scoped_schema(**overrides):
    views = {
        "list": extend_schema(responses={**LIST_ERRORS}),
        "retrieve": extend_schema(responses={**READ_ERRORS}),
        "create": extend_schema(responses={**WRITE_ERRORS}),
        "update": extend_schema(responses={**WRITE_ERRORS}),
        "partial_update": extend_schema(responses={**WRITE_ERRORS}),
        "destroy": extend_schema(responses={**WRITE_ERRORS}),
    }
    views.update(overrides)
    return views


ETAG = OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
                        description="Phiên bản của bản ghi; gửi lại trong If-Match khi sửa")
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                            description="ETag đã đọc: nếu bản ghi đã bị người khác sửa, trả 412 và không lưu")
STALE = {412: OpenApiResponse(ErrorSerializer, description="Bản ghi đã được người khác sửa / precondition failed")}


def versioned_step(body, serializer, write_errors=WRITE_ERRORS):
    """Schema of a step (a POST action) that honours If-Match as a PATCH does (`versioned_schema`)."""
    return extend_schema(request=body, parameters=[IF_MATCH, ETAG], responses={200: serializer, **write_errors, **STALE})


def versioned_schema(serializer, write_errors=WRITE_ERRORS) -> dict:
    """Schema of the version check, to merge into a viewset's extend_schema_view overrides: the ETag a
    read returns, the optional If-Match a write honours, and its 412."""
    write = extend_schema(parameters=[IF_MATCH, ETAG], responses={200: serializer, **write_errors, **STALE})
    return {"retrieve": extend_schema(parameters=[ETAG], responses={200: serializer, **READ_ERRORS}),
            "update": write, "partial_update": write}


def scoped_queryset(view):
    """What the view's user may read (`visible_to`). For one record (a detail route, its `pk` in the URL) it
    is narrowed to that row before the scope, as `core.generic.visible_or_404` does for the pages: the
    scope's subqueries then read that row, not every record of a mission's countries."""
    queryset = view.base_queryset()
    kwargs = getattr(view, "kwargs", None) or {}
    key = kwargs.get(view.lookup_url_kwarg or view.lookup_field) if view.lookup_field == "pk" else None
    if key is not None:
        try:
            queryset = queryset.filter(pk=key)
        except (TypeError, ValueError, ValidationError):
            pass  # not a key: DRF's lookup answers 404, as it did
    return queryset.visible_to(view.request.user)


# What the browsable API's HTML forms send beside the fields: no field of the resource.
_FORM_KEYS = {"csrfmiddlewaretoken", "_method", "_content", "_content_type"}


def refuse_unwritable(serializer, data, instance=None) -> None:
    """A write that names a field it cannot write answers 400 naming it, not 200 with nothing saved: a key
    the resource does not have (a misspelt field) always; a read-only one (a status derived from the steps)
    in a PATCH (`instance` given), which sends what it means to change, when it differs from what the record
    shows. A PUT or a POST may carry a record's read-only values as a read gave them (a record read, changed
    and sent back whole, its timestamps since moved on): they are ignored, as the schema documents."""
    if not hasattr(data, "keys"):
        return  # not an object: the serializer says so
    fields, shown, errors = serializer.fields, None, {}
    for key in data.keys():
        if key in _FORM_KEYS:
            continue
        field = fields.get(key)
        if field is None:
            errors[key] = [_("Không có trường này; không có gì được lưu.")]
        elif field.read_only and instance is not None:
            if shown is None:
                shown = serializer.to_representation(instance)
            if key in shown and shown[key] != data[key] and str(shown[key]) != str(data[key]):
                errors[key] = [_("Trường này chỉ đọc, không sửa được qua API; không có gì được lưu.")]
    if errors:
        raise exceptions.ValidationError(errors)


class ScopedCreateMixin(mixins.CreateModelMixin):
    """Create, refused (403) before the body is read to whoever can own no record of this kind: a 400 about
    the owner they named would tell them which ids exist. The owner chosen is checked after saving."""

    def create(self, request, *args, **kwargs):
        if not may_add(request.user, self.base_queryset().model):
            self.permission_denied(request, message="Bạn không có quyền thêm bản ghi loại này.")
        refuse_unwritable(self.get_serializer(), request.data)
        return super().create(request, *args, **kwargs)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and reads only what `visible_to(request.user)` returns."""

    def base_queryset(self):
        return self.queryset

    def get_queryset(self):
        return scoped_queryset(self)


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "Bản ghi đã được người khác thay đổi."
    default_code = "precondition_failed"


class ScopedModelViewSet(ScopedCreateMixin, viewsets.ModelViewSet):
    """Reads through `visible_to`, writes only objects in `editable_by`, and re-checks after saving.

    Subclasses put their state change in perform_create/perform_update by calling an action; the
    re-check runs inside the same transaction so an out-of-scope result is rolled back.

    Lost updates (core.concurrency): a record with history is read with an `ETag` naming its version; a
    PUT or PATCH with `If-Match` naming an older one answers 412 and changes nothing (without the header
    the write goes through, as before). Document it with `versioned_schema()`.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return self.queryset

    def get_queryset(self):
        return scoped_queryset(self)

    def get_object(self):
        # Visible but not editable gives 403 rather than 404: the user may already see it.
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            if not may_edit(self.request.user, obj):
                self.permission_denied(self.request, message="Bạn không có quyền sửa bản ghi này.")
        return obj

    def _versioned(self, obj) -> bool:
        return hasattr(type(obj), "history")

    def check_if_match(self, obj) -> None:
        """Inside the write's transaction: 412 when the request's If-Match names an older version of `obj`
        (a PUT, a PATCH, or a step such as an approval sent from a read made before a colleague's change)."""
        if self._versioned(obj):
            try:
                concurrency.check_version(obj, concurrency.if_match_version(self.request, obj))
            except concurrency.StaleEdit as error:
                raise PreconditionFailed(error.message_text)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        headers = {"ETag": concurrency.etag(instance)} if self._versioned(instance) else {}
        return Response(self.get_serializer(instance).data, headers=headers)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            self.check_if_match(instance)
            refuse_unwritable(self.get_serializer(instance), request.data, instance if kwargs.get("partial") else None)
            response = super().update(request, *args, **kwargs)
        if self._versioned(instance) and response.status_code == 200:
            response["ETag"] = concurrency.etag(instance)
        return response

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            check_in_scope(self.request.user, obj)

    def perform_update(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            check_in_scope(self.request.user, obj)
