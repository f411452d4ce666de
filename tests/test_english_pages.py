"""A user who chose English sees no Vietnamese interface text on any page.

The walk of tests/test_url_walk.py is taken again (every page URL, every persona, the records of
tests/url_expectations), with the language cookie set to English (what the header's language switch
sets). The records' own texts are made ASCII first (diacritics dropped: "Bản ghi nhớ" → "Ban ghi nho"),
so whatever Vietnamese letter is left on a page came from the interface: a string not marked for
translation, a missing msgstr, a label translated once at import time.

What is left as it is, because it is Vietnamese whatever the reader's language (kept narrow):
- the language switch's "Tiếng Việt" (it names the language in that language);
- reference data that are proper names: provinces and their former names, agencies (Unit), Vietnam's
  missions abroad, the national consultee list (ministries and the legal texts they are consulted under),
  the announced calendar days' legal basis; a sector or an indicator only when it has no English name;
- the Vietnamese state document a report draft produces (Decree 30/2020 form), shown inside
  `lang="vi"`: any element marked `lang="vi"` is Vietnamese on purpose;
- the numbers of legal documents ("Decree 30/2020/NĐ-CP", "12/BC-SNgV"): "NĐ", "QĐ" are part of the number;
- country names whose English spelling has accents ("Côte d'Ivoire"), and "Communiqué";
- examples of a value a field asks for in Vietnamese, in EXAMPLES below (a partner's Vietnamese name, the
  lines of an official document's header: the document is Vietnamese whatever the page's language);
- a textarea's content (a record's text being edited) and the texts in ALLOWED_STARTS;
- the API (JSON, not the interface) and downloads (files, not pages).
"""
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.url_expectations import all_cases

VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)

# Reference data: proper names stored once for everyone, not typed by a user of a page.
REFERENCE_MODELS = {"core.Locality", "core.LocalityFact", "core.Unit", "core.Mission", "core.Sector",
                    "core.CalendarDay", "agreements.ConsulteeRule", "indicators.Indicator"}
# Texts the app writes itself (health reasons, status reasons, history reasons): core.stored_text shows
# them in the reader's language, so they are left in the language they were written in.
APP_WRITTEN = {"health_reasons", "reasons", "previous", "health", "trigger", "old_status", "new_status",
               "history_change_reason", "password", "token_hash"}
LEGAL_NUMBER = r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)+"
# Examples of Vietnamese values: the field holds Vietnamese text, so its example is Vietnamese.
EXAMPLES = [
    "Tỉnh Gyeonggi, Khu tự trị dân tộc Choang Quảng Tây",   # a partner's name in Vietnamese
    "“tỉnh”",                                                # a word left out when partners' names are compared
    # An official document's header and signature lines (Decree 30/2020), as the issuer settings ask.
    "KT. GIÁM ĐỐC", "VĂN PHÒNG UBND TỈNH", "SỞ NGOẠI VỤ", "UBND TỈNH LẠNG SƠN", "Lưu: VT, HTQT", "“Nơi nhận”",
    "Số: 12/BC-SNgV", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Số: 12/BC-UBND",   # the People's Committee's
    "Lục Ngạn",                                              # a former district, in an example of a signatory
]
# A text that names the Vietnamese column headers a file must carry (the indicators' import reads only them).
ALLOWED_STARTS = ("One figure a row, columns: Mã chỉ số (indicator code)",)
ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
SKIPPED_TAGS = {"script", "style", "textarea"}  # a textarea holds a record's text, not the interface's
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fold_value(value):
    if isinstance(value, str):
        return ascii_fold(value)
    if isinstance(value, list):
        return [fold_value(v) for v in value]
    if isinstance(value, dict):
        return {k: fold_value(v) for k, v in value.items()}
    return value


def fold_user_data():
    """Every text a user typed into a record, history rows included, made ASCII."""
    for model in apps.get_models():
        label = model._meta.label
        base = getattr(model, "instance_type", None)  # simple_history's historical models
        if label in REFERENCE_MODELS or (base is not None and base._meta.label in REFERENCE_MODELS):
            continue
        if not (model.__module__.startswith("ngoaivu") or base is not None) or model._meta.proxy:
            continue
        # Texts, file names (shown as the attachment's name) and JSON (a report request's items).
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.FileField, models.JSONField))
                  and not f.choices and f.name not in APP_WRITTEN and not f.primary_key]
        if not fields:
            continue
        for row in model._base_manager.values("pk", *fields):
            changed = {f: fold_value(row[f]) for f in fields if row[f] and VIETNAMESE.search(str(row[f]))}
            if changed:
                model._base_manager.filter(pk=row["pk"]).update(**changed)


def reference_names() -> re.Pattern:
    """The proper names a page may show in Vietnamese, longest first (a name inside a longer one)."""
    from django.utils import translation
    from django_countries import countries
    names = {"Tiếng Việt", "Communiqué", *EXAMPLES}
    with translation.override("en"):
        names.update(str(name) for _code, name in countries if VIETNAMESE.search(str(name)))
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        if "name_en" in fields:  # shown in English when it has an English name
            rows = model._base_manager.filter(name_en="").values_list("name", flat=True)
            names.update(rows)
            continue
        for row in model._base_manager.values_list(*fields):
            names.update(v for v in row if isinstance(v, str) and VIETNAMESE.search(v))
    return re.compile("|".join([LEGAL_NUMBER, *(re.escape(n) for n in sorted(names, key=len, reverse=True))]))


class Texts(HTMLParser):
    """The visible texts of a page and the attributes read aloud or shown, outside `lang="vi"`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.found = [], []

    def _skipped(self):
        return any(tag in SKIPPED_TAGS or lang == "vi" for tag, lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inherited = self.stack[-1][1] if self.stack else None
        lang = attrs.get("lang", inherited)
        if tag not in VOID:
            self.stack.append((tag, lang))
        if self._skipped() or lang == "vi":
            return
        shown = [attrs.get(a) for a in ATTRIBUTES]
        if tag == "button" or (tag == "input" and attrs.get("type") in ("submit", "button", "reset")):
            shown.append(attrs.get("value"))
        self.found += [f"{tag}: {v}" for v in shown if v]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self._skipped():
            self.found.append(" ".join(data.split()))


def vietnamese_texts(html: str, names: re.Pattern) -> list[str]:
    parser = Texts()
    parser.feed(html)
    return [text for text in parser.found if VIETNAMESE.search(text) and VIETNAMESE.search(names.sub("", text))
            and not text.startswith(ALLOWED_STARTS)]


def walk(world, client_for, language):
    """(url, persona, text) of every Vietnamese text on every page in `language`."""
    fold_user_data()
    names = reference_names()
    found, clients = [], {}
    for persona in PERSONAS:  # a client a persona: a new client loads the middleware (whitenoise's files) again
        clients[persona] = client_for(world.users[persona])
        clients[persona].cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for name, case in sorted(all_cases().items()):
        if case.method != "get":
            continue
        url = reverse(name, kwargs=case.url_kwargs(world)) + case.query
        if url.startswith("/api/"):
            continue
        for persona in PERSONAS:
            response = clients[persona].get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            if response.get("Content-Disposition", "").startswith("attachment"):
                continue
            found += [(url, persona, text) for text in vietnamese_texts(response.content.decode(), names)]
    return found


@pytest.mark.django_db
def test_an_english_reader_sees_no_vietnamese_interface_text(world, client_for):
    found = walk(world, client_for, "en")
    # One line per text and URL, with the personas who saw it.
    seen = {}
    for url, persona, text in found:
        if persona not in seen.setdefault((url, text), []):
            seen[(url, text)].append(persona)
    lines = [f"{url} [{', '.join(personas)}]: {text}" for (url, text), personas in sorted(seen.items())]
    assert not lines, f"{len(lines)} Vietnamese texts on English pages:\n" + "\n".join(lines)


def test_the_check_finds_vietnamese_outside_reference_names_and_lang_vi():
    html = ('<p title="Tìm kiếm">Province: Lạng Sơn</p><button value="Lưu">Save</button>'
            '<div lang="vi"><p>Ủy ban nhân dân</p></div><p>Tiếng Việt</p><script>var a = "ư";</script>')
    assert vietnamese_texts(html, re.compile("Lạng Sơn|Tiếng Việt")) == ["p: Tìm kiếm", "button: Lưu"]
    assert ascii_fold("Đà Nẵng – Bản ghi nhớ") == "Da Nang – Ban ghi nho"
