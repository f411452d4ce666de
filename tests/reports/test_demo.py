"""The reports' demo loader: issuer settings and drafts for the demo provinces, generated into Word files a
parser reads back; it runs on a database with only the accounts (no registers) and again on a loaded one
without adding anything."""
import pytest

from ngoaivu.core.models import Locality
from ngoaivu.reports.choices import DocumentKind
from ngoaivu.reports.documents import committee_name
from ngoaivu.reports.models import DocumentDraft, IssuerSettings
from tests.reports.helpers import assert_decree30_page, body_text, header_cells, read_docx, table_rows

pytestmark = pytest.mark.django_db
DEMO_CODES = (20, 24, 48, 79)


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _state():
    return (sorted(IssuerSettings.objects.values_list("locality__code", "signer_name", "recipients")),
            sorted(DocumentDraft.objects.values_list("locality__code", "kind", "year", "period", "agreement_id",
                                                     "delegation_id", "docx")))


def test_loader_on_a_database_with_only_the_accounts(fast_hashing):
    """No agreements or delegations yet: the period reports are written, the subject-bound kinds skipped."""
    from ngoaivu.core.demo import load_demo as core_demo
    from ngoaivu.core.registry import DEMO_LOADERS
    from ngoaivu.reports.demo import load_demo
    saved = list(DEMO_LOADERS)
    DEMO_LOADERS.clear()   # the accounts and reference data only
    try:
        core_demo()
    finally:
        DEMO_LOADERS.extend(saved)
    load_demo()
    assert sorted(IssuerSettings.objects.values_list("locality__code", flat=True)) == sorted(DEMO_CODES)
    for code in DEMO_CODES:
        kinds = sorted(DocumentDraft.objects.filter(locality__code=code, locality__valid_until__isnull=True)
                       .values_list("kind", flat=True))
        assert kinds == sorted([DocumentKind.YEARLY_AGREEMENTS, DocumentKind.EXTERNAL_AFFAIRS])
    yearly = DocumentDraft.objects.get(locality__code=20, kind=DocumentKind.YEARLY_AGREEMENTS)
    document = read_docx(yearly.docx.read())
    assert_decree30_page(document)
    # Bảng 1 (signed in the year) has its header row only: Lạng Sơn has no agreements yet.
    assert len(table_rows(document.tables[1])) == 1
    before = _state()
    load_demo()
    assert _state() == before


def test_full_demo_gives_every_province_drafts_of_each_kind_with_valid_word_files(fast_hashing):
    from ngoaivu.core.demo import load_demo as core_demo
    core_demo()
    before = _state()
    assert len(before[0]) == len(DEMO_CODES)
    for code in DEMO_CODES:
        locality = Locality.objects.current().get(code=code)
        settings = IssuerSettings.objects.get(locality=locality)
        assert settings.signer_name and settings.recipient_lines()[0].startswith("Bộ Ngoại giao")
        drafts = list(DocumentDraft.objects.filter(locality=locality).select_related("agreement", "delegation"))
        kinds = {d.kind for d in drafts}
        # Every demo province has a signed agreement and a returned delegation in its registers.
        assert {DocumentKind.YEARLY_AGREEMENTS, DocumentKind.EXTERNAL_AFFAIRS, DocumentKind.PM_REPORT,
                DocumentKind.DELEGATION_RESULTS} <= kinds, (code, kinds)
        assert len(kinds) == len(drafts)   # one of each kind
        generated = [d for d in drafts if d.docx]
        assert len(generated) == len(drafts) - 1   # the last one waits for its officer to generate it
        for draft in generated:
            assert draft.agreement is None or draft.agreement.locality == locality
            if draft.delegation is not None:
                assert draft.delegation.locality == locality and draft.delegation.status in ("returned", "reported")
            document = read_docx(draft.docx.read())
            assert_decree30_page(document)
            left, right = header_cells(document)
            # A name too long for its column breaks before the place it names (a line break). The report to
            # the Prime Minister is the People's Committee's: its name alone, its signer.
            signer = settings.signer_name
            if draft.kind == DocumentKind.PM_REPORT:
                assert " ".join(left[0].split()) == committee_name(locality) and "/BC-UBND" in left[1]
                signer = settings.committee_signer_name
            else:
                assert [" ".join(line.split()) for line in left[:2]] == [settings.parent_body, settings.issuing_body]
            assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            # Hồ Chí Minh City's place in full ("Thành phố Hồ Chí Minh") puts the date on a line of its own.
            assert " ".join(right[-1].split()).startswith(f"{settings.place_name}, ngày ")
            signature = table_rows(document.tables[-1])[0]
            assert signer and signer in signature[1] and "Lưu: VT, HTQT." in signature[0]
            if draft.kind == DocumentKind.YEARLY_AGREEMENTS:
                assert draft.opening in body_text(document)
                assert draft.xlsx
            if draft.kind == DocumentKind.PM_REPORT:
                rows = dict(table_rows(document.tables[1])[1:])
                assert rows["Tên thỏa thuận"] == draft.agreement.title
    from ngoaivu.reports.demo import load_demo
    load_demo()   # the whole demo's second run is tests/test_demo.py's; this is the reports' part of it
    assert _state() == before
