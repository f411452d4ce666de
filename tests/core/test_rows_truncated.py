"""core.rows.truncated writes what `{{ text|truncatechars:n }}` writes, for the shapes a register holds."""
import unicodedata

from django.template import Context, Template

from ngoaivu.core.rows import truncated

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
    for n in (1, 2, 50, 80):
        for text in TEXTS:
            expected = template.render(Context({"text": text or "", "n": n}))
            assert truncated(text, n) == expected, (text, n)
