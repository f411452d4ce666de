"""Demo figures: national figures reproducing the published ones (661 agreements signed in 2019–2021
against 420 in 2017–2018; remittances 52 bn USD against 29,7 bn), yearly figures 2018–2025 for the demo
provinces (Bắc Giang's before the merger, which count under Bắc Ninh), and roadmap targets. Idempotent:
nothing is added once a national figure exists."""
from decimal import Decimal

from django.db import transaction

from ngoaivu.core.models import Locality
from ngoaivu.indicators.catalogue import load_catalogue
from ngoaivu.indicators.models import Indicator, Observation, Target, TargetStep
from ngoaivu.indicators.periods import Period

BN = 10 ** 9
NATIONAL = {
    # Báo cáo Hội nghị Ngoại vụ toàn quốc lần thứ 21 (2022): 661 thỏa thuận 2019–2021, 420 thỏa thuận 2017–2018.
    "agreements_reported": {2016: 190, 2017: 200, 2018: 220, 2019: 210, 2020: 221, 2021: 230, 2022: 236, 2023: 245, 2024: 251,
                            2025: 262},
    # Kiều hối: 29,7 tỷ USD 2017–2018; 52 tỷ USD 2019–2021 (Ngân hàng Nhà nước).
    "remittances": {2017: Decimal("13.8") * BN, 2018: Decimal("15.9") * BN, 2019: Decimal("16.7") * BN,
                    2020: Decimal("17.2") * BN, 2021: Decimal("18.1") * BN, 2022: Decimal("19.0") * BN,
                    2023: Decimal("16.0") * BN, 2024: Decimal("16.2") * BN, 2025: Decimal("16.8") * BN},
    # Viện trợ phi chính phủ nước ngoài: khoảng 300 triệu USD mỗi năm.
    "ngo_aid": {year: Decimal(280 + 5 * (year - 2017)) * 10 ** 6 for year in range(2017, 2026)},
    "ov_investment_projects": {2021: 362},
    "ov_investment_value": {2021: Decimal("1.6") * BN},
}
# GSO code -> (scale, {indicator: base value in 2018}); each year grows by a few per cent.
PROVINCES = {
    20: (1.0, {"fdi_registered": 40 * 10 ** 6, "foreign_visitors": 300_000, "officials_trained": 120,
               "citizens_protected": 35, "agreements_reported": 6, "trade": 4 * BN}),
    24: (1.0, {"fdi_registered": 1200 * 10 ** 6, "foreign_visitors": 150_000, "officials_trained": 200,
               "citizens_protected": 20, "agreements_reported": 5, "trade": 40 * BN}),
    48: (1.0, {"fdi_registered": 300 * 10 ** 6, "foreign_visitors": 3_000_000, "officials_trained": 250,
               "citizens_protected": 15, "agreements_reported": 9, "trade": 3 * BN}),
    79: (1.0, {"fdi_registered": 4000 * 10 ** 6, "foreign_visitors": 7_000_000, "officials_trained": 600,
               "citizens_protected": 80, "agreements_reported": 14, "trade": 80 * BN, "remittances": 5 * BN}),
}
# Bắc Giang before 01/7/2025 (its figures count under Bắc Ninh): legacy GSO code 24.
BAC_GIANG = {"fdi_registered": 900 * 10 ** 6, "officials_trained": 90}
COVID = {2020: Decimal("0.6"), 2021: Decimal("0.5")}


def _series(base, first=2018, last=2025, growth=Decimal("1.07")):
    value = Decimal(base)
    for year in range(first, last + 1):
        factor = COVID.get(year, Decimal(1))
        yield year, (value * factor).quantize(Decimal(1))
        value *= growth


def load_demo():
    load_catalogue()
    if Observation.objects.filter(locality__isnull=True).exists():  # the national figures mark a loaded demo
        return
    indicators = {i.code: i for i in Indicator.objects.all()}
    rows = []

    def add(code, locality, year, value, former=None, source=""):
        rows.append(Observation(indicator=indicators[code], locality=locality, former_locality=former,
                                period_start=Period.year(year).start, period_end=Period.year(year).end,
                                period_kind="year", value=value, source=source or indicators[code].source))

    with transaction.atomic():
        for code, years in NATIONAL.items():
            for year, value in years.items():
                add(code, None, year, value)
        for gso, (_scale, bases) in PROVINCES.items():
            locality = Locality.objects.current().get(code=gso)
            for code, base in bases.items():
                last = 2025 if gso != 20 else 2024  # Lạng Sơn's 2025 figures are entered in the demo journey
                for year, value in _series(base, last=last):
                    add(code, locality, year, value)
        bac_giang = Locality.objects.former().filter(code=24).first()
        if bac_giang is not None:
            for code, base in BAC_GIANG.items():
                for year, value in _series(base, last=2024):
                    add(code, bac_giang.today, year, value, former=bac_giang)
        Observation.objects.bulk_create(rows, ignore_conflicts=True)  # a figure a province already entered stays
        danang = Locality.objects.current().get(code=48)
        target = Target.objects.create(indicator=indicators["fdi_registered"], locality=danang, first_year=2021,
                                       last_year=2025, value=Decimal(2500 * 10 ** 6),
                                       basis="Nghị quyết Đại hội Đảng bộ thành phố Đà Nẵng lần thứ XXII")
        TargetStep.objects.bulk_create([TargetStep(target=target, year=y, value=Decimal(v * 10 ** 6))
                                        for y, v in ((2021, 300), (2022, 400), (2023, 500), (2024, 600), (2025, 700))])
        Target.objects.create(indicator=indicators["agreements_reported"], locality=None, first_year=2021,
                              last_year=2025, value=Decimal(1100), basis="Chương trình công tác ngoại vụ 2021–2025")
