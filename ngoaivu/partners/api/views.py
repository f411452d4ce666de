from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema_view
from rest_framework import viewsets

from ngoaivu.agreements.api.views import documented
from ngoaivu.partners.actions import can_edit_partners
from ngoaivu.partners.api.serializers import PartnerSerializer
from ngoaivu.partners.filtersets import PartnerFilter
from ngoaivu.partners.models import Partner


@extend_schema_view(**documented(PartnerSerializer))
class PartnerViewSet(viewsets.ModelViewSet):
    """The shared directory of foreign partners. Everyone signed in reads it; officers add to it."""

    queryset = Partner.objects.order_by("name", "pk")
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def _check(self):
        if not can_edit_partners(self.request.user):
            raise PermissionDenied("Bạn không có quyền sửa danh mục đối tác.")

    def perform_create(self, serializer):
        self._check()
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        self._check()
        serializer.save()
