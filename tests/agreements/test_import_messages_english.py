"""The import's refusals name the values to write; in English they named the Vietnamese labels ("Write
Ngoại giao Nhà nước, Đối ngoại Đảng or Đối ngoại nhân dân"), which an import run from the English page does
not read (it reads the labels of the page's language): the officer wrote what the message said and was
refused again. Every value a message names must be one the import reads in that language."""
import re

import pytest
from django.utils import translation

from ngoaivu.agreements.imports import NO, YES, Lookups
from ngoaivu.core.text import fold

MESSAGES = {"channels": "Ghi Ngoại giao Nhà nước, Đối ngoại Đảng hoặc Đối ngoại nhân dân",
            "visibilities": "Ghi Nội bộ, Toàn quốc hoặc Công khai"}


def named(message):
    """The values a message names: “Write A, B or C” → [A, B, C]."""
    body = re.sub(r"^\S+\s", "", message.rstrip("."))
    return [part.strip(" “”") for part in re.split(r",\s*|\s+(?:or|hoặc)\s+", body)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_value_a_refusal_names_is_one_the_import_reads(language):
    with translation.override(language):
        lookups = Lookups()
        for attribute, msgid in MESSAGES.items():
            values = named(translation.gettext(msgid))
            assert len(values) == 3 and all(fold(v) in getattr(lookups, attribute) for v in values), values
        flags = named(translation.gettext("Ghi “Có” hoặc “Không”"))
        assert fold(flags[0]) in YES and fold(flags[1]) in NO, flags
