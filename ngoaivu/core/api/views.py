"""Read endpoints for reference data, and the token endpoint."""
import django_filters
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ngoaivu.core.auth import login_failed_message
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, ErrorSerializer, ValidationErrorSerializer
from ngoaivu.core.api.serializers import CountrySerializer, LocalitySerializer, SectorSerializer, UnitSerializer
from ngoaivu.core.countries import country_choices
from ngoaivu.core.models import Locality, Sector, Unit, User
from ngoaivu.core.filters import FoldedSearchFilter


class SearchFilterSet(django_filters.FilterSet):
    q = FoldedSearchFilter(label=_("Tìm kiếm (không dấu cũng được)"))


class LocalityFilter(SearchFilterSet):
    current = django_filters.BooleanFilter(method="filter_current", label=_("Chỉ 34 đơn vị hiện hành"))

    def filter_current(self, queryset, name, value):
        return queryset.filter(valid_until__isnull=value)

    class Meta:
        model = Locality
        fields = ["kind", "successor"]


class UnitFilter(SearchFilterSet):
    class Meta:
        model = Unit
        fields = ["locality", "kind", "is_foreign_affairs_agency"]


@extend_schema_view(list=extend_schema(responses={200: LocalitySerializer(many=True), **LIST_ERRORS}),
                    retrieve=extend_schema(responses={200: LocalitySerializer, **READ_ERRORS}))
class LocalityViewSet(viewsets.ReadOnlyModelViewSet):
    """The 34 provincial units and the former 63 (reference data, readable by every signed-in user)."""

    queryset = Locality.objects.order_by("code", "pk")
    serializer_class = LocalitySerializer
    filterset_class = LocalityFilter


@extend_schema_view(list=extend_schema(responses={200: UnitSerializer(many=True), **LIST_ERRORS}),
                    retrieve=extend_schema(responses={200: UnitSerializer, **READ_ERRORS}))
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Unit.objects.order_by("pk")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter


@extend_schema_view(list=extend_schema(responses={200: SectorSerializer(many=True), **READ_ERRORS}),
                    retrieve=extend_schema(responses={200: SectorSerializer, **READ_ERRORS}))
class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    pagination_class = None
    filter_backends = []


class CountryListView(APIView):
    """Countries with the names the Foreign Ministry uses (Vietnamese) or English names."""

    @extend_schema(responses={200: CountrySerializer(many=True), **READ_ERRORS})
    def get(self, request):
        return Response(CountrySerializer([{"code": c, "name": n} for c, n in country_choices()], many=True).data)


# No account's name is longer; a longer one is refused before django-axes records it.
USERNAME_MAX = User._meta.get_field("username").max_length


class ObtainTokenView(APIView):
    """POST username and password, get the account's API token (use as `Authorization: Token …`)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(max_length=USERNAME_MAX),
                                                   "password": serializers.CharField()}),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
                   400: OpenApiResponse(ValidationErrorSerializer),
                   401: OpenApiResponse(ErrorSerializer, description="Sai tên đăng nhập hoặc mật khẩu, hoặc "
                                                                     "đã sai quá nhiều lần / sign-in refused"),
                   429: OpenApiResponse(ErrorSerializer)},
        auth=[])
    def post(self, request):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        password = request.data.get("password") if hasattr(request.data, "get") else None
        errors = {}
        if not isinstance(username, str) or not username:
            errors["username"] = [_("Nhập tên đăng nhập")]
        if not isinstance(password, str) or not password:
            errors["password"] = [_("Nhập mật khẩu")]
        # django-axes records the user name of every failure: PostgreSQL cannot store a NUL character, nor
        # more than its column's 255 characters. No account's name is longer than the model allows.
        for name, value in (("username", username), ("password", password)):
            if isinstance(value, str) and "\x00" in value:
                errors[name] = [_("Không được chứa ký tự rỗng (NUL).")]
        if isinstance(username, str) and len(username) > USERNAME_MAX and "username" not in errors:
            errors["username"] = [_("Tên đăng nhập dài tối đa %(max)s ký tự.") % {"max": USERNAME_MAX}]
        if errors:
            return Response({"detail": _("Nhập tên đăng nhập và mật khẩu."), "errors": errors},
                            status=status.HTTP_400_BAD_REQUEST)
        # The same authenticate() as the sign-in page: django-axes counts this failure and refuses a
        # locked-out user name from this address, with the same answer as a wrong password.
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            return Response({"detail": login_failed_message()}, status=status.HTTP_401_UNAUTHORIZED,
                            headers={"WWW-Authenticate": 'Token realm="api"'})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
