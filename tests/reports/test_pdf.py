"""PDF through LibreOffice (a job the sweep runs), read back with pypdf; a page rendered to PNG to look at."""
import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from ngoaivu.core import sweep
from ngoaivu.reports import actions, pdf
from ngoaivu.reports.models import DocumentDraft, PdfJob
from tests.reports.helpers import YEAR, make_registers

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(not pdf.available(), reason="LibreOffice is installed by scripts/test")


def _draft(world):
    make_registers(world)
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="yearly_agreements", year=YEAR, number="12",
                                 issued_on=datetime.date(YEAR + 1, 2, 5),
                                 opening="Năm 2026, tỉnh Lạng Sơn tiếp tục mở rộng quan hệ hợp tác.\n" * 3,
                                 assessment="Việc thực hiện các thỏa thuận còn chậm ở một số lĩnh vực.",
                                 proposals="Đề nghị Bộ Ngoại giao hướng dẫn cập nhật cơ sở dữ liệu.")
    return actions.generate(user, draft)


@needs_soffice
def test_pdf_is_made_by_the_sweep_not_the_request(world):
    draft = _draft(world)
    job = actions.request_pdf(world.users["officer_a"], draft)
    assert job.state == "pending" and not DocumentDraft.objects.get(pk=draft.pk).pdf
    sweep.run(only="reports")
    job.refresh_from_db()
    draft.refresh_from_db()
    assert job.state == "done", job.error
    assert job.seconds is not None and draft.pdf.name.endswith(".pdf")
    with draft.pdf.open("rb") as handle:
        content = handle.read()
    reader = PdfReader(io.BytesIO(content))
    # Header, four tables and the signature of this register fit on two A4 pages.
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    first = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "ngày 05 tháng 02 năm 2027" in first
    # The page to look at, next to Decree 30's layout.
    if shutil.which("pdftoppm"):
        folder = Path(os.environ.get("NGOAIVU_TEST_OUTPUT", "test-output")) / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "reports-yearly.pdf"
        source.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(folder / "reports-yearly-page")], check=True)
        source.unlink()
        assert (folder / "reports-yearly-page-1.png").exists()
    # A second sweep has nothing to do.
    assert sweep.run(only="reports")[-1].report.changed == 0


def test_missing_libreoffice_is_a_clear_vietnamese_error_and_no_job(world, settings):
    settings.SOFFICE = "/nonexistent/soffice"
    draft = _draft(world)
    with pytest.raises(pdf.PdfError) as error:
        actions.request_pdf(world.users["officer_a"], draft)
    assert "chưa cài LibreOffice" in str(error.value)
    assert not PdfJob.objects.filter(draft=draft).exists()


def test_a_job_whose_conversion_fails_says_why(world, settings):
    draft = _draft(world)
    job = PdfJob.objects.create(draft=draft, requested_by=world.users["officer_a"])
    settings.SOFFICE = "/nonexistent/soffice"
    assert actions.run_pdf_jobs() == (0, 1)
    job.refresh_from_db()
    assert job.state == "failed" and "chưa cài LibreOffice" in job.error


# A partner's name as the neighbouring countries write it: Korean, Chinese, Japanese, Lao, Thai, Khmer.
OTHER_SCRIPTS = {"경": "경기도", "广": "广西壮族自治区", "東": "東京都", "ແ": "ແຂວງເຊກອງ", "จ": "จังหวัดเชียงใหม่",
                 "ខ": "ខេត្តសៀមរាប"}


def _families_with(char: str) -> set[str]:
    """The font families of this machine that draw `char` (fontconfig), written as a PDF names a font."""
    listed = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True).stdout
    return {family.replace(" ", "").lower() for line in listed.splitlines() for family in line.split(",") if family}


@needs_soffice
@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig comes with LibreOffice")
def test_partner_names_in_the_neighbours_scripts_are_drawn_in_the_pdf_not_as_empty_boxes():
    """A province's documents name partners as they write themselves. Without a font for the script LibreOffice
    drew empty boxes (Korean, Chinese, Japanese, Thai, Khmer): scripts/install-libreoffice installs the fonts,
    and each name is set in a font that has its letters."""
    import docx
    document = docx.Document()
    document.add_paragraph("Đối tác: " + "; ".join(OTHER_SCRIPTS.values()))
    out = io.BytesIO()
    document.save(out)
    content, _seconds = pdf.convert(out.getvalue())
    page = PdfReader(io.BytesIO(content)).pages[0]
    used = {str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1].lower()
            for font in page["/Resources"]["/Font"].values()}
    for char, name in OTHER_SCRIPTS.items():
        families = _families_with(char)
        assert families, f"no font on this machine draws {name}: scripts/install-libreoffice installs them"
        assert any(font.startswith(family) for font in used for family in families), (name, used, families)
