from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from ngoaivu.partners.models import Partner, PartnerWarning, name_key



class FlatListField(serializers.ListField):
    """A list whose item errors come back as one flat list of messages naming the item ("3: …"), the
    shape every other field's errors have in this API (DRF would answer {"2": [...]}, off the schema)."""

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                raise serializers.ValidationError([f"{int(index) + 1}: {message}" for index, messages
                                                   in error.detail.items() for message in messages])
            raise

class PartnerSerializer(serializers.ModelSerializer):
    allow_duplicate = serializers.BooleanField(write_only=True, required=False, default=False,
                                               help_text=_("Vẫn tạo (hoặc lưu khi sửa) khi đã có đối tác cùng tên (không dấu) và quốc gia"))
    country = CountryField(required=False, allow_blank=True, help_text=_("Mã ISO 3166-1 alpha-2"))
    country_name = serializers.CharField(read_only=True)
    # Current partners only, as the page's "Trực thuộc": a merged duplicate is hidden everywhere and its
    # subsidiaries moved to the partner kept (partners.merging).
    parent = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.current(), required=False, allow_null=True,
                                                label=_("trực thuộc"),
                                                help_text=_("Ví dụ: một thành phố thuộc tỉnh, bang"))
    aliases = FlatListField(child=serializers.CharField(max_length=255), source="alias_names", required=False,
                                    help_text=_("Tên khác: cách phiên âm khác, tên viết bằng chữ của nước đó, tên cũ"))
    confirm_country_change = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("Xác nhận đổi quốc gia của đối tác đã có trong thỏa thuận (đổi cơ quan đại diện được xem)"))

    class Meta:
        model = Partner
        fields = ["id", "name", "name_vi", "aliases", "kind", "country", "country_name", "parent", "website",
                  "registration_number", "wikidata_id", "notes", "created_at", "locality", "mission",
                  "allow_duplicate", "confirm_country_change"]
        read_only_fields = ["id", "created_at", "country_name", "locality", "mission"]

    def validate(self, attrs):
        allow = attrs.pop("allow_duplicate", False)
        if self.instance is None and not allow:
            existing = Partner.objects.look_alikes(attrs.get("name", ""), attrs.get("country"),
                                                   attrs.get("name_vi", "")).first()
            if existing is not None:
                raise serializers.ValidationError({"name": [
                    _("Đã có đối tác “%(name)s” (id %(id)s) ở cùng quốc gia; dùng đối tác đó hoặc gửi "
                      "allow_duplicate=true") % {"name": existing, "id": existing.pk}]})
            from ngoaivu.partners.actions import clean_aliases, field_label
            keys = {name_key(n) for n in clean_aliases(attrs.get("alias_names"), attrs.get("name", ""),
                                                        attrs.get("name_vi", ""))}
            existing = Partner.objects.matching_keys(keys, attrs.get("country")).first() if keys else None
            if existing is not None:  # an other name is matched as the names are (partners.actions.create_partner)
                raise serializers.ValidationError({"aliases": [
                    _("%(field)s: đã có đối tác “%(name)s” (id %(id)s) ở cùng quốc gia; nếu là đối tác khác, gửi "
                      "allow_duplicate=true") % {"field": field_label("aliases"), "name": existing, "id": existing.pk}]})
        if self.instance is not None and not allow:
            # Renamed (or moved) onto another partner: refused as on creation (partners.actions.renamed_look_alike).
            from ngoaivu.partners.actions import field_label, renamed_look_alike
            clash = renamed_look_alike(self.instance, attrs.get("name", self.instance.name),
                                       attrs.get("country", self.instance.country),
                                       attrs.get("name_vi", self.instance.name_vi), attrs.get("alias_names"))
            if clash is not None:
                field, existing = clash
                raise serializers.ValidationError({field: [
                    _("%(field)s: đã có đối tác “%(name)s” (id %(id)s) ở cùng quốc gia; nếu là đối tác khác, gửi "
                      "allow_duplicate=true") % {"field": field_label(field), "name": existing, "id": existing.pk}]})
        if self.instance is not None and attrs.get("parent") == self.instance:
            raise serializers.ValidationError({"parent": [_("Một đối tác không thể trực thuộc chính nó")]})
        return attrs


class PartnerWarningSerializer(serializers.ModelSerializer):
    """A warning on a partner (national: every signed-in user reads it)."""

    issuer = serializers.CharField(source="issuer_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = PartnerWarning
        fields = ["id", "partner", "category", "severity", "summary", "details", "source", "source_date", "mission",
                  "issuer", "issued_at", "is_active", "lifted_at", "lift_reason"]
        read_only_fields = fields
