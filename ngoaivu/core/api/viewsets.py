"""API base classes: the same scoping as the pages, and error responses documented in the schema."""
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.scoping import check_in_scope, may_add

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


class ScopedCreateMixin(mixins.CreateModelMixin):
    """Create, refused (403) before the body is read to whoever can own no record of this kind: a 400 about
    the owner they named would tell them which ids exist. The owner chosen is checked after saving."""

    def create(self, request, *args, **kwargs):
        if not may_add(request.user, self.base_queryset().model):
            self.permission_denied(request, message="Bạn không có quyền thêm bản ghi loại này.")
        return super().create(request, *args, **kwargs)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and reads only what `visible_to(request.user)` returns."""

    def base_queryset(self):
        return self.queryset

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)


class ScopedModelViewSet(ScopedCreateMixin, viewsets.ModelViewSet):
    """Reads through `visible_to`, writes only objects in `editable_by`, and re-checks after saving.

    Subclasses put their state change in perform_create/perform_update by calling an action; the
    re-check runs inside the same transaction so an out-of-scope result is rolled back.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return self.queryset

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)

    def get_object(self):
        # Visible but not editable gives 403 rather than 404: the user may already see it.
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            model = type(obj)
            if not model._default_manager.editable_by(self.request.user).filter(pk=obj.pk).exists():
                self.permission_denied(self.request, message="Bạn không có quyền sửa bản ghi này.")
        return obj

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            check_in_scope(self.request.user, obj)

    def perform_update(self, serializer):
        with transaction.atomic():
            obj = serializer.save()
            check_in_scope(self.request.user, obj)
