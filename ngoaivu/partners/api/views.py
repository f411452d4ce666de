from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from ngoaivu.agreements.api.views import documented
from ngoaivu.core import concurrency
from ngoaivu.core.api.errors import READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.api.viewsets import PreconditionFailed
from ngoaivu.partners import actions
from ngoaivu.partners.api.serializers import PartnerSerializer, PartnerWarningSerializer
from ngoaivu.partners.filtersets import PartnerFilter, PartnerWarningFilter
from ngoaivu.partners.models import Partner, PartnerWarning


def _fields(validated):
    """The serializer's names to the actions' ("aliases" is read from Partner.alias_names)."""
    data = dict(validated)
    if "alias_names" in data:
        data["aliases"] = data.pop("alias_names")
    return data


@extend_schema_view(**documented(PartnerSerializer))
class PartnerViewSet(viewsets.ModelViewSet):
    """The shared directory of foreign partners. Everyone signed in reads it; officers add to it; the centre,
    or the province that added a partner while no other province uses it, changes it (`partners.actions`)."""

    queryset = Partner.objects.current().prefetch_related("aliases").order_by("name", "pk")
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    # The right to write is checked before the body is validated: a refused writer gets 403, not a 400
    # that tells them about their data. The actions check it again.
    def create(self, request, *args, **kwargs):
        if not actions.can_edit_partners(request.user):
            raise PermissionDenied(_("Tài khoản của bạn không có quyền thêm đối tác."))
        return super().create(request, *args, **kwargs)

    # Lost updates (core.concurrency), as the schema says: a read carries the partner's version as its ETag;
    # a write whose If-Match names an older one answers 412 and changes nothing (a partner's country decides
    # which mission reads its agreements).
    def retrieve(self, request, *args, **kwargs):
        partner = self.get_object()
        return Response(self.get_serializer(partner).data, headers={"ETag": concurrency.etag(partner)})

    def update(self, request, *args, **kwargs):
        refusal = actions.partner_edit_refusal(request.user, self.get_object())
        if refusal:
            raise PermissionDenied(refusal)
        try:
            response = super().update(request, *args, **kwargs)
        except concurrency.StaleEdit as error:
            raise PreconditionFailed(error.message_text)
        response["ETag"] = concurrency.etag(self._saved)
        return response

    def perform_create(self, serializer):
        data = {k: v for k, v in _fields(serializer.validated_data).items() if k != "confirm_country_change"}
        serializer.instance = actions.create_partner(self.request.user, allow_duplicate=True, **data)

    def perform_update(self, serializer):
        version = concurrency.if_match_version(self.request, serializer.instance)
        # The serializer asked about a repeated name, as on creation.
        serializer.instance = self._saved = actions.update_partner(self.request.user, serializer.instance,
                                                                   version=version, allow_duplicate=True,
                                                                   **_fields(serializer.validated_data))


@extend_schema_view(list=extend_schema(responses={200: PartnerWarningSerializer(many=True), **WRITE_ERRORS}),
                    retrieve=extend_schema(responses={200: PartnerWarningSerializer, **READ_ERRORS}))
class PartnerWarningViewSet(viewsets.ReadOnlyModelViewSet):
    """Warnings on partners, issued by the missions and the centre; every signed-in user reads them.
    `?partner=<id>` lists one partner's; `?active=true` only those not lifted."""

    queryset = PartnerWarning.objects.select_related("mission").order_by("-issued_at", "-pk")
    serializer_class = PartnerWarningSerializer
    filterset_class = PartnerWarningFilter

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)
