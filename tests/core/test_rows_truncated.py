"""core.rows.truncator's function writes what `{{ text|truncatechars:n }}` writes, for the shapes a register holds
and for any text: letters and combining marks of several scripts, cut anywhere, in both languages."""
import random
import unicodedata

import pytest

from django.template import Context, Template
from django.utils import translation

from ngoaivu.core.rows import truncator

TITLE = "Biên bản ghi nhớ hợp tác giữa UBND tỉnh Lạng Sơn và Chính quyền Khu tự trị dân tộc Choang Quảng Tây"
TEXTS = [
    "", None, "Ngắn", "x" * 49, "x" * 50, "x" * 51, TITLE, TITLE[:50], TITLE[:51],
    unicodedata.normalize("NFD", TITLE),  # decomposed: 50 letters are more than 50 code points
    unicodedata.normalize("NFD", TITLE[:50]),
    unicodedata.normalize("NFD", TITLE[:49]) + "\u0301\u0301",  # marks past the limit that count for nothing
    "경기도와의 우호 교류 협정 <초안> & “부록”" * 3, "Thỏa thuận <b>đậm</b> & 'nháy'",
]


def test_the_same_as_the_template_filter():
    template = Template("{{ text|truncatechars:n }}")
    truncated = truncator()
    for n in (1, 2, 50, 80):
        for text in TEXTS:
            expected = template.render(Context({"text": text or "", "n": n}))
            assert truncated(text, n) == expected, (text, n)


# Letters of several scripts, and marks that combine (acute, dot below, Thai tone and vowel marks, Hebrew and Arabic
# points, a musical one outside the first plane, a letter with its mark apart), the ellipsis itself, text to escape.
LETTERS = list("ab <&\"'") + ["ế", "ạ", "ộ", "ก", "한", "国", "…"]
MARKS = ["\u0301", "\u0323", "\u0e38", "\u0e48", "\u05b4", "\u064e", "\U0001d167", "e\u0301"]


def random_texts(shuffle, count):
    """Texts of up to 24 characters, most without a combining mark (the cutter's quick way), some with one or a few
    anywhere (its slow way)."""
    for _ in range(count):
        text = [shuffle.choice(LETTERS) for _ in range(shuffle.randint(0, 24))]
        for _ in range(shuffle.choice((0, 0, 0, 1, 3))):
            text.insert(shuffle.randint(0, len(text)), shuffle.choice(MARKS))
        yield "".join(text)


def test_the_same_as_the_template_filter_for_any_text():
    template = Template("{{ text|truncatechars:n }}")
    shuffle = random.Random(45)
    for language in ("vi", "en"):
        with translation.override(language):
            truncated = truncator()
            for text in random_texts(shuffle, 1500):
                for n in (0, 1, 2, 3, 7, 15, 23):
                    assert truncated(text, n) == template.render(Context({"text": text, "n": n})), (text, n)


@pytest.mark.parametrize("ellipsis", ["%(truncated_text)s …", "%(truncated_text)s [xem tiếp]", " (còn nữa)", "…"])
def test_an_ellipsis_translated_otherwise_is_read_as_truncator_reads_it(monkeypatch, ellipsis):
    """Whatever a catalog makes of Django's ellipsis (longer, with or without the text's place), the cutter reads it
    as Truncator does: once for its page."""
    from django.utils import text as django_text
    monkeypatch.setattr(django_text, "pgettext", lambda context, message: ellipsis)
    monkeypatch.setattr("ngoaivu.core.rows.pgettext", lambda context, message: ellipsis)
    template = Template("{{ text|truncatechars:n }}")
    truncated = truncator()
    for text in [*random_texts(random.Random(7), 300), TITLE, TITLE + " (còn nữa)"]:
        for n in (1, 2, 5, 9, 15, 50):
            assert truncated(text, n) == template.render(Context({"text": text, "n": n})), (text, n, ellipsis)
