from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from ngoaivu.core.api.errors import READ_ERRORS, WRITE_ERRORS, ErrorSerializer
from ngoaivu.core.api.viewsets import ScopedModelViewSet, versioned_schema
from ngoaivu.core.files import CONTENT_TYPES
from ngoaivu.reports import actions, pdf
from ngoaivu.reports.api.serializers import DraftSerializer, DraftUpdateSerializer, PdfJobSerializer
from ngoaivu.reports.models import DocumentDraft

FILE_PARAM = OpenApiParameter("file", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["docx", "xlsx", "pdf"])
UNAVAILABLE = {503: OpenApiResponse(ErrorSerializer, description="LibreOffice chưa được cài trên máy chủ")}


class PdfUnavailable(APIException):
    status_code = 503
    default_code = "pdf_unavailable"


@extend_schema_view(
    list=extend_schema(responses={200: DraftSerializer(many=True), **WRITE_ERRORS}),
    **versioned_schema(DraftUpdateSerializer),
    create=extend_schema(responses={201: DraftSerializer, **WRITE_ERRORS}),
    generate=extend_schema(request=None, responses={
        200: OpenApiResponse(DraftSerializer, description="Tệp Word đã được tạo"),
        202: OpenApiResponse(DraftSerializer, description="Báo cáo theo kỳ: tệp được tạo ở máy chủ; đọc lại văn "
                                                          "bản đến khi `generating` là false")} | WRITE_ERRORS),
    request_pdf=extend_schema(request=None, responses={202: PdfJobSerializer, **WRITE_ERRORS, **UNAVAILABLE}),
    download=extend_schema(parameters=[FILE_PARAM], responses={
        **{(200, CONTENT_TYPES["." + kind]): OpenApiTypes.BINARY for kind in ("docx", "xlsx", "pdf")},
        **READ_ERRORS}),
)
class DraftViewSet(ScopedModelViewSet):
    """Documents in Decree 30/2020 layout, scoped like the documents pages. PATCH changes the narrative
    (with If-Match: the ETag a read returned, 412 when someone saved in between); POST …/generate/ then
    writes the Word file from the new text (the period reports: 202, made by the background worker;
    `generating` says when it is done). No PUT (the province, kind and subject are fixed) and no DELETE."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = DocumentDraft.objects.all()
    serializer_class = DraftSerializer

    def get_serializer_class(self):
        return DraftUpdateSerializer if self.action == "partial_update" else DraftSerializer

    def base_queryset(self):
        return DocumentDraft.objects.select_related("locality").order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = actions.create_draft(self.request.user, data.pop("locality"), data.pop("kind"),
                                                   **data)

    def perform_update(self, serializer):
        # The version was checked (and the row locked) by ScopedModelViewSet.update in this transaction.
        serializer.instance = actions.update_draft(self.request.user, serializer.instance,
                                                   **serializer.validated_data)

    def _editable(self):
        draft = self.get_object()
        if not actions.may_edit(self.request.user, draft.locality):
            self.permission_denied(self.request, message="Bạn không có quyền sửa văn bản này.")
        return draft

    @action(detail=True, methods=["post"], url_path="generate", url_name="generate")
    def generate(self, request, pk=None):
        draft = self._editable()
        if draft.kind in actions.IN_BACKGROUND:  # by the background worker, as from the draft's page
            actions.generate_later(request.user, draft)
            return Response(self.get_serializer(draft).data, status=status.HTTP_202_ACCEPTED)
        draft = actions.generate(request.user, draft)
        return Response(self.get_serializer(draft).data)

    @action(detail=True, methods=["post"], url_path="pdf", url_name="pdf")
    def request_pdf(self, request, pk=None):
        draft = self._editable()
        try:
            job = actions.request_pdf(request.user, draft)
        except pdf.PdfError as error:
            raise PdfUnavailable(str(error)) from None
        return Response(PdfJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @action(detail=True, methods=["get"], url_path=r"files/(?P<file>docx|xlsx|pdf)", url_name="file")
    def download(self, request, pk=None, file=None):
        draft = self.get_object()
        stored = getattr(draft, file)
        if not stored or not stored.storage.exists(stored.name):
            raise Http404
        if file == "pdf":
            actions.mark_pdf_seen(request.user, draft)
        name = stored.display_name
        response = FileResponse(stored.open("rb"), as_attachment=True, filename=name,
                                content_type=CONTENT_TYPES.get("." + file, "application/octet-stream"))
        response["X-Content-Type-Options"] = "nosniff"
        return response
