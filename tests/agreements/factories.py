"""Small builders for agreement tests (through the actions, like the pages do)."""
import datetime

from ngoaivu.agreements import actions
from ngoaivu.partners.models import Partner


def partner(name="Gyeonggi-do", country="KR", name_vi="Tỉnh Gyeonggi", **extra):
    found = Partner.objects.filter(name=name, country=country).first()
    return found or Partner.objects.create(name=name, name_vi=name_vi, country=country, **extra)


def agreement(user, locality, *, partners=None, today=None, **fields):
    fields.setdefault("title", "Bản ghi nhớ hợp tác giữa tỉnh và " + (partners[0].name if partners else "Gyeonggi-do"))
    fields.setdefault("form", "ban_ghi_nho")
    return actions.create_agreement(user, locality=locality, partners=partners or [partner()],
                                    today=today or datetime.date(2026, 2, 2), **fields)
