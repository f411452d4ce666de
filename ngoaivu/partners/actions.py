"""State changes of the partner directory."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ngoaivu.core.scoping import scope_of
from ngoaivu.partners.models import Partner

FIELDS = ["name", "name_vi", "kind", "country", "parent", "website", "notes"]


def can_edit_partners(user) -> bool:
    """Whoever keeps a register (province officers, missions) or the centre may add to the directory."""
    scope = scope_of(user)
    return bool(scope.superuser or scope.centre_edit or scope.edit_locality_ids or scope.edit_mission_ids)


@transaction.atomic
def create_partner(user, *, allow_duplicate=False, **fields) -> Partner:
    """Add a partner, unless one with the same folded name in the same country exists (then the caller
    offers that one; `allow_duplicate` is the person's explicit "no, it is a different partner")."""
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": _("Nhập tên đối tác")})
    if not allow_duplicate:
        existing = Partner.objects.look_alikes(fields["name"], fields.get("country"), fields.get("name_vi", "")).first()
        if existing is not None:
            raise ValidationError({"name": _("Đã có đối tác “%(name)s” ở cùng quốc gia. Chọn đối tác này thay vì tạo "
                                             "mới.") % {"name": existing}})
    partner = Partner(created_by=user, **{k: v for k, v in fields.items() if k in FIELDS})
    partner.save()
    return partner


@transaction.atomic
def update_partner(user, partner: Partner, **fields) -> Partner:
    for name, value in fields.items():
        if name in FIELDS:
            setattr(partner, name, value)
    if partner.parent_id == partner.pk:
        raise ValidationError({"parent": _("Một đối tác không thể trực thuộc chính nó")})
    partner.save()
    return partner
