"""Coordination API: report requests and returns, directives and the Foreign Ministry's opinion queue, scoped
as the pages are. Each step (save, submit, accept, return, acknowledge, reply, draft, issue) calls the action
the page calls."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ngoaivu.coordination import actions, directives, opinions
from ngoaivu.coordination.api.serializers import (DirectiveReplySerializer, DirectiveSerializer,
                                                  OpinionDraftBodySerializer, OpinionIssueBodySerializer,
                                                  OpinionRequestSerializer, RecipientSerializer, ReplyBodySerializer,
                                                  ReportRequestSerializer, ReportReturnSerializer,
                                                  ReturnBodySerializer, ReturnReplaceBodySerializer,
                                                  ReviewBodySerializer)
from ngoaivu.coordination.models import (Directive, DirectiveRecipient, DirectiveReply, MinistryOpinion, ReportRequest,
                                         ReportReturn)
from ngoaivu.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from ngoaivu.core import concurrency
from ngoaivu.core.api.viewsets import ETAG, PreconditionFailed, ScopedCreateMixin, ScopedReadOnlyViewSet, versioned_step


@extend_schema_view(
    list=extend_schema(responses={200: ReportRequestSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: ReportRequestSerializer, **READ_ERRORS}),
    create=extend_schema(responses={201: ReportRequestSerializer, **WRITE_ERRORS}),
)
class ReportRequestViewSet(ScopedCreateMixin, ScopedReadOnlyViewSet):
    """Report requests: the centre reads all and sends new ones; a province reads those sent to it."""

    queryset = ReportRequest.objects.all()
    serializer_class = ReportRequestSerializer

    def base_queryset(self):
        return ReportRequest.objects.order_by("-due_on", "-pk")

    def get_queryset(self):
        return super().get_queryset().distinct()

    def create(self, request, *args, **kwargs):
        if not actions.can_send(request.user):
            self.permission_denied(request, message="Chỉ cơ quan trung ương gửi yêu cầu báo cáo.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = actions.create_request(
            self.request.user, title=data["title"], data_from=data["data_from"], data_to=data["data_to"],
            due_on=data["due_on"], localities=data["localities"], kind=data["kind"], body=data.get("body", ""),
            number=data.get("number", ""), fields=data.get("fields") or [])


STEP = versioned_step(ReturnBodySerializer, ReportReturnSerializer)
REVIEW = versioned_step(ReviewBodySerializer, ReportReturnSerializer)


@extend_schema_view(
    list=extend_schema(responses={200: ReportReturnSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(parameters=[ETAG], responses={200: ReportReturnSerializer, **READ_ERRORS}),
    save=STEP, submit=STEP, accept=REVIEW, send_back=REVIEW, partial_update=STEP,
    update=versioned_step(ReturnReplaceBodySerializer, ReportReturnSerializer),
)
class ReportReturnViewSet(ScopedReadOnlyViewSet):
    """Provinces' returns: a province reads and answers its own; the centre reads all, accepts or returns them.
    A draft is saved with the `save` step or PATCH (what is sent changes, the rest is kept) or PUT (the
    whole answer, every field named); `submit` saves what is sent and sends the return."""

    queryset = ReportReturn.objects.all()
    serializer_class = ReportReturnSerializer

    def base_queryset(self):
        return ReportReturn.objects.select_related("request", "locality").prefetch_related("transitions").order_by(
            "-request__due_on", "request_id", "locality__short_name")

    def _answer(self, request, submit, whole=False):
        """Save what the body sends (a field left out keeps its value); `whole` (PUT): the body is the whole
        answer, refused when it leaves a field out rather than emptying it."""
        ret = self.get_object()
        if not actions.can_answer(request.user, ret):
            self.permission_denied(request, message="Bạn không có quyền trả lời báo cáo này.")
        body = (ReturnReplaceBodySerializer if whole else ReturnBodySerializer)(data=request.data)
        body.is_valid(raise_exception=True)
        if whole and (missing := [f["label"] for f in ret.request.fields
                                  if f["key"] not in body.validated_data["values"]]):
            raise serializers.ValidationError({"values": [_(
                "PUT thay toàn bộ báo cáo nên cần đủ mọi chỉ tiêu (gửi null để để trống); còn thiếu: %(fields)s. "
                "Dùng PATCH để chỉ lưu những chỉ tiêu gửi lên.") % {"fields": ", ".join(missing)}]})
        try:  # If-Match naming an older version than the return's: 412, nothing saved (core.concurrency)
            actions.save_return(request.user, ret, values=body.validated_data["values"],
                                text=body.validated_data.get("text"), submit=submit,
                                attachment=body.validated_data.get("attachment"),
                                version=concurrency.if_match_version(request, ret), partial=not whole)
        except concurrency.StaleEdit as error:
            raise PreconditionFailed(error.message_text)
        saved = self.get_object()
        return Response(self.get_serializer(saved).data, headers={"ETag": concurrency.etag(saved)})

    def retrieve(self, request, *args, **kwargs):
        """A return with the ETag its save's If-Match names."""
        ret = self.get_object()
        return Response(self.get_serializer(ret).data, headers={"ETag": concurrency.etag(ret)})

    def partial_update(self, request, *args, **kwargs):
        """Save the province's draft with the fields sent; the others keep their values (as the `save` step)."""
        return self._answer(request, submit=False)

    def update(self, request, *args, **kwargs):
        """Save the province's draft as the whole answer sent: `text` is given and, for a structured request,
        every field is named (null empties one); a body leaving one out is refused (400), nothing saved. A
        free-form return's whole answer is its text (and optional attachment), no `values`."""
        return self._answer(request, submit=False, whole=True)

    def _review(self, request, accept):
        ret = self.get_object()
        if not actions.can_review(request.user, ret.request):
            self.permission_denied(request, message="Bạn không có quyền xem xét báo cáo này.")
        body = ReviewBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:  # If-Match naming an older version: the return changed since it was read (core.concurrency)
            actions.review_return(request.user, ret, accept=accept, reason=body.validated_data["reason"],
                                  version=concurrency.if_match_version(request, ret))
        except concurrency.StaleEdit as error:
            raise PreconditionFailed(error.message_text)
        saved = self.get_object()
        return Response(self.get_serializer(saved).data, headers={"ETag": concurrency.etag(saved)})

    @action(detail=True, methods=["post"], url_path="save", url_name="save",
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def save(self, request, pk=None):
        """Save the province's draft (not sent): the fields sent change, the others keep their values."""
        return self._answer(request, submit=False)

    @action(detail=True, methods=["post"], url_path="submit", url_name="submit",
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def submit(self, request, pk=None):
        """Save the fields sent (the others keep their values) and send the return to the centre."""
        return self._answer(request, submit=True)

    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def accept(self, request, pk=None):
        """The centre accepts a submitted return."""
        return self._review(request, accept=True)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        """The centre returns a submitted return with its comment (`reason`, required)."""
        return self._review(request, accept=False)


@extend_schema_view(
    list=extend_schema(responses={200: DirectiveSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: DirectiveSerializer, **READ_ERRORS}),
    acknowledge=extend_schema(request=None, responses={200: RecipientSerializer, **WRITE_ERRORS}),
)
class DirectiveViewSet(ScopedReadOnlyViewSet):
    """Directives from the centre to provinces and from a province to its units: a recipient reads those sent
    to it, acknowledges them and replies; the sender reads every reply."""

    queryset = Directive.objects.all()
    serializer_class = DirectiveSerializer

    def base_queryset(self):
        return Directive.objects.order_by("-issued_on", "-pk")

    def get_queryset(self):
        return super().get_queryset().distinct()

    @action(detail=True, methods=["post"], url_path="acknowledge", url_name="acknowledge")
    def acknowledge(self, request, pk=None):
        """The reader's province acknowledges receipt (stamps the read receipt too)."""
        copy = directives.own_copy(request.user, self.get_object())
        if copy is None:
            self.permission_denied(request, message="Văn bản không gửi tới tỉnh, thành phố của bạn.")
        copy = directives.acknowledge(request.user, copy)
        return Response(RecipientSerializer(copy).data, status=status.HTTP_200_OK)

    @extend_schema(methods=["GET"], request=None,
                   responses={200: DirectiveReplySerializer(many=True), **READ_ERRORS})
    @extend_schema(methods=["POST"], request=ReplyBodySerializer,
                   responses={201: DirectiveReplySerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["get", "post"], url_path="replies", url_name="replies",
            parser_classes=[MultiPartParser, FormParser])
    def replies(self, request, pk=None):
        """GET: the replies the reader may see (a recipient its own, the sender all). POST (multipart/form-data):
        the reader's recipient copy replies, with `text` and an optional `attachment`."""
        directive = self.get_object()
        if request.method == "GET":
            rows = DirectiveReply.objects.visible_to(request.user).filter(recipient__directive=directive) \
                .select_related("recipient").order_by("at", "pk")
            # Paginated as every list of the API (and as the schema says).
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(DirectiveReplySerializer(page, many=True, context={"request": request}).data)
        copy = directives.own_copy(request.user, directive)
        if copy is None or not DirectiveRecipient.objects.editable_by(request.user).filter(pk=copy.pk).exists():
            self.permission_denied(request, message="Bạn không trả lời được văn bản này.")
        body = ReplyBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reply = directives.reply(request.user, copy, text=body.validated_data["text"],
                                 attachment=body.validated_data.get("attachment"))
        return Response(DirectiveReplySerializer(reply, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(responses={200: OpinionRequestSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(parameters=[ETAG], responses={200: OpinionRequestSerializer, **READ_ERRORS}),
    draft=versioned_step(OpinionDraftBodySerializer, OpinionRequestSerializer),
    issue=versioned_step(OpinionIssueBodySerializer, OpinionRequestSerializer),
)
class OpinionRequestViewSet(ScopedReadOnlyViewSet):
    """The Foreign Ministry's queue: provinces' open requests for its opinion (the centre only). A central
    officer drafts the opinion; a central manager approves and issues it. The ETag is the opinion's (once
    drafted): a draft or an issue whose If-Match names an older one answers 412 and changes nothing, so a
    verdict rewritten after the manager read it is never issued unseen (core.concurrency, as the page)."""

    queryset = opinions.ministry_requests()
    serializer_class = OpinionRequestSerializer

    def base_queryset(self):
        return opinions.open_queue()

    def get_queryset(self):
        if not self.request.user.scope.sees_all:
            self.permission_denied(self.request, message="Hàng đợi ý kiến của Bộ Ngoại giao dành cho trung ương.")
        return super().get_queryset()

    def _refuse_unless(self, allowed, message):
        if not allowed:
            self.permission_denied(self.request, message=message)

    def _answer(self, event):
        """The request as read now, with its opinion's ETag (none before the first draft)."""
        opinion = MinistryOpinion.objects.filter(request_event=event).first()
        return Response(self.get_serializer(event).data, headers={"ETag": concurrency.etag(opinion)} if opinion else {})

    def _step(self, request, event, act, **fields):
        opinion = MinistryOpinion.objects.filter(request_event=event).first()
        try:
            act(request.user, event, version=concurrency.if_match_version(request, opinion) if opinion else None,
                **fields)
        except concurrency.StaleEdit as error:
            raise PreconditionFailed(error.message_text)
        return self._answer(event)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @action(detail=True, methods=["post"], url_path="draft", url_name="draft",
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def draft(self, request, pk=None):
        """A central officer saves the draft opinion (`verdict`, `text`; the text is required unless agreeing)."""
        event = self.get_object()
        self._refuse_unless(opinions.is_central_officer(request.user), "Chỉ cán bộ trung ương soạn ý kiến.")
        body = OpinionDraftBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(request, event, opinions.save_draft, verdict=body.validated_data["verdict"],
                          text=body.validated_data["text"])

    @action(detail=True, methods=["post"], url_path="issue", url_name="issue",
            parser_classes=[MultiPartParser, FormParser])
    def issue(self, request, pk=None):
        """A central manager approves the draft and issues it with the signed file (multipart/form-data): the
        province's agreement gets its "opinion received" event at once; the request leaves the queue."""
        event = self.get_object()
        self._refuse_unless(opinions.is_central_manager(request.user), "Chỉ lãnh đạo trung ương phê duyệt, ban hành.")
        body = OpinionIssueBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(request, event, opinions.approve_and_issue, signed_file=body.validated_data["signed_file"],
                          issued_on=body.validated_data["issued_on"])
