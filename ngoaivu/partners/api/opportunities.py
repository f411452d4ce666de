"""Opportunities, their interests and the province profiles over the API, with the pages' rules.

Opportunities are national listings (everyone signed in reads them; the poster's scope edits them, with
the ETag / If-Match check of core.concurrency). A province expresses interest by creating an interest;
the poster or the centre connects it (`connect`); the interested province, the poster or the centre links
the outcome (`outcome`). Every write goes through partners.opportunities, which decides who may do what;
the viewsets only parse the body and answer."""
import re
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ngoaivu.agreements.api.views import documented
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from ngoaivu.core.api.serializers import FlatErrors
from ngoaivu.core.countries import COUNTRY_CODES
from ngoaivu.core import concurrency
from ngoaivu.core.api.viewsets import (
    ETAG, IF_MATCH, STALE, PreconditionFailed, ScopedCreateMixin, ScopedModelViewSet, ScopedReadOnlyViewSet,
)
from ngoaivu.core.models import Locality, Sector
from ngoaivu.exchanges.models import Delegation
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.api.serializers import FlatListField
from ngoaivu.partners.forms_opportunities import OpportunityFilter
from ngoaivu.partners.models import Partner
from ngoaivu.partners.models_opportunities import Interest, Opportunity, OpportunityShownStatus


def _country(**kwargs):
    return serializers.ChoiceField(choices=COUNTRY_CODES, help_text=_("Mã ISO 3166-1 alpha-2"), **kwargs)


class OpportunitySerializer(FlatErrors, serializers.ModelSerializer):
    """An opportunity. The poster (locality, mission; neither for the centre) is the caller's own scope."""

    sectors = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                 queryset=Sector.objects.filter(is_active=True))
    country = _country(required=False, allow_blank=True)
    preferred_countries = FlatListField(child=_country(), required=False,
                                        help_text=_("Quốc gia ưu tiên (tin tỉnh tìm đối tác)"))
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.current(), required=False, allow_null=True)
    poster = serializers.CharField(source="poster_display", read_only=True)
    interest_count = serializers.SerializerMethodField()
    shown_status = serializers.ChoiceField(
        choices=OpportunityShownStatus.choices, read_only=True,
        help_text=_("Tình trạng hiển thị, suy ra (không lưu): \"expired\" khi còn mở nhưng đã quá hạn bày tỏ quan tâm "
                    "(ngày theo giờ Hà Nội); `status` là tình trạng lưu."))

    class Meta:
        model = Opportunity
        fields = ["id", "kind", "title", "sectors", "country", "preferred_countries", "partner", "sought", "offered",
                  "deadline", "contact", "status", "shown_status", "locality", "mission", "poster", "created_at",
                  "interest_count"]
        read_only_fields = ["id", "locality", "mission", "created_at"]

    def get_interest_count(self, obj) -> int:
        return len(obj.interests.all())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["country"] = str(instance.country or "")
        data["preferred_countries"] = [str(c) for c in instance.preferred_countries]
        return data


class InterestListSerializer(serializers.ListSerializer):
    """A page of interests: whose outcomes the caller reads is asked once for the page, not per interest."""

    def to_representation(self, data):
        interests = list(data.all() if hasattr(data, "all") else data)
        request = self.context.get("request")
        if request is not None:
            self.child.readable = ops.readable_outcomes(request.user, interests)
        return super().to_representation(interests)


class InterestSerializer(FlatErrors, serializers.ModelSerializer):
    """A province's interest in an opportunity. `locality` may be left out: the caller's own province."""

    readable = None  # the outcomes the caller reads, if a page's InterestListSerializer asked them already

    locality = serializers.PrimaryKeyRelatedField(queryset=Locality.objects.all(), required=False,
                                                  help_text=_("Tỉnh bày tỏ quan tâm; bỏ trống: tỉnh của người gọi"))
    locality_name = serializers.CharField(source="locality.name", read_only=True)

    class Meta:
        model = Interest
        fields = ["id", "opportunity", "locality", "locality_name", "note", "status", "connected_at", "agreement",
                  "delegation", "created_at"]
        read_only_fields = ["id", "locality_name", "status", "connected_at", "agreement", "delegation", "created_at"]
        # Once per province: partners.opportunities.express_interest says so on the note, in words.
        validators = []
        list_serializer_class = InterestListSerializer

    def to_representation(self, instance):
        # The outcome is the interested province's record: its id only to whoever reads it (ops.readable_outcomes).
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            readable = self.readable
            if readable is None:
                readable = ops.readable_outcomes(request.user, [instance])
            for name in ("agreement", "delegation"):
                if data.get(name) is not None and data[name] not in readable[name]:
                    data[name] = None
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "opportunity" in self.fields:
            self.fields["opportunity"].queryset = Opportunity.objects.visible_to(request.user)


class OutcomeSerializer(FlatErrors, serializers.Serializer):
    """The agreement or the delegation (of the interested province) the connection led to."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.none(), required=False, allow_null=True)
    delegation = serializers.PrimaryKeyRelatedField(queryset=Delegation.objects.none(), required=False,
                                                    allow_null=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records the caller may read: an id out of scope is "does not exist", like any other.
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user)

    def validate(self, attrs):
        if not (attrs.get("agreement") or attrs.get("delegation")):
            raise serializers.ValidationError({"agreement": [_("Chọn thỏa thuận hoặc đoàn là kết quả của kết nối")]})
        return attrs


@extend_schema_view(**documented(OpportunitySerializer))
class OpportunityViewSet(ScopedModelViewSet):
    """Cooperation opportunities: a foreign partner seeking a province, or a province seeking a partner.
    Filters: `q` (folded, diacritics optional), `kind`, `status` (the shown status: `open` leaves out those
    past their deadline, `expired` is derived), `sector`, `country`. `shown_status` is read-only and derived."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # a closed listing stays on record
    queryset = Opportunity.objects.all()
    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilter

    def base_queryset(self):
        return (Opportunity.objects.select_related("mission", "locality")
                .prefetch_related("sectors", "interests").order_by("-created_at", "-pk"))

    def perform_create(self, serializer):
        serializer.instance = ops.post_opportunity(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        # The If-Match check ran in ScopedModelViewSet.update, in this same transaction.
        serializer.instance = ops.update_opportunity(self.request.user, serializer.instance,
                                                     **serializer.validated_data)


def _interest_step(summary, request=None):
    return extend_schema(request=request, responses={200: InterestSerializer, **WRITE_ERRORS}, summary=summary)


@extend_schema_view(
    list=extend_schema(responses={200: InterestSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(parameters=[ETAG], responses={200: InterestSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: InterestSerializer, **WRITE_ERRORS}, summary="Bày tỏ quan tâm"),
)
class InterestViewSet(ScopedCreateMixin, ScopedReadOnlyViewSet):
    """Provinces' interests in opportunities (read with the opportunity: by everyone signed in).
    `?opportunity=<id>` lists one opportunity's. Create = express interest (a province other than the
    poster, once); `connect` and `outcome` are the poster's (or the centre's) and the province's steps."""

    queryset = Interest.objects.select_related("locality").order_by("created_at", "pk")
    serializer_class = InterestSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        opportunity = self.request.query_params.get("opportunity", "")
        if self.action == "list" and opportunity:
            # fullmatch, not isdigit(): "²" is a digit to Python and a crash to the query
            qs = qs.filter(opportunity=opportunity) if re.fullmatch(r"[0-9]{1,9}", opportunity) else qs.none()
        return qs

    def perform_create(self, serializer):
        # ScopedCreateMixin has refused (403) whoever edits no province; the action decides the rest.
        data = serializer.validated_data
        locality = data.get("locality")
        with transaction.atomic():
            serializer.instance = ops.express_interest(self.request.user, data["opportunity"], data.get("note", ""),
                                                       locality_id=locality.pk if locality else None)

    @_interest_step("Kết nối tỉnh đã bày tỏ quan tâm")
    @action(detail=True, methods=["post"])
    def connect(self, request, pk=None):
        interest = self.get_object()
        if not ops.may_connect(request.user, interest):
            self.permission_denied(request, message=_("Chỉ đơn vị đăng cơ hội hoặc Bộ Ngoại giao kết nối."))
        interest = ops.connect_interest(request.user, interest)
        return Response(self.get_serializer(interest).data)

    def retrieve(self, request, *args, **kwargs):
        """An interest with the ETag its outcome step's If-Match names."""
        interest = self.get_object()
        return Response(self.get_serializer(interest).data, headers={"ETag": concurrency.etag(interest)})

    @extend_schema(request=OutcomeSerializer, parameters=[IF_MATCH, ETAG],
                   responses={200: InterestSerializer, **WRITE_ERRORS, **STALE},
                   summary="Ghi kết quả (thỏa thuận hoặc đoàn) của kết nối")
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        interest = self.get_object()
        # Refused before the body is read: a 400 about the agreement named would say which ids exist.
        if not ops.may_link_outcome(request.user, interest):
            self.permission_denied(request, message=_("Bạn không được ghi kết quả của quan tâm này."))
        params = OutcomeSerializer(data=request.data, user=request.user)
        params.is_valid(raise_exception=True)
        try:  # If-Match naming an older version: an outcome recorded since is not replaced unseen (412)
            interest = ops.link_outcome(request.user, interest, params.validated_data.get("agreement"),
                                        params.validated_data.get("delegation"),
                                        version=concurrency.if_match_version(request, interest))
        except concurrency.StaleEdit as error:
            raise PreconditionFailed(error.message_text)
        return Response(self.get_serializer(interest).data, headers={"ETag": concurrency.etag(interest)})
