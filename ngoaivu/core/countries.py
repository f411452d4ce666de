"""Country names as the Foreign Ministry writes them.

django-countries' Vietnamese catalogue is good but has errors (IS→"Ai-len", JE→"Áo", NE→"Nigeria") and
many untranslated names; these overrides win when the active language is Vietnamese.
"""
from django.utils.translation import get_language
from django_countries import countries

from ngoaivu.core.filter_form import fixed_choices

VI_NAMES = {
    "US": "Hoa Kỳ", "KR": "Hàn Quốc", "KP": "Triều Tiên", "JP": "Nhật Bản", "CN": "Trung Quốc",
    "LA": "Lào", "KH": "Campuchia", "TH": "Thái Lan", "MM": "Mi-an-ma", "MY": "Ma-lai-xi-a",
    "SG": "Xinh-ga-po", "ID": "In-đô-nê-xi-a", "PH": "Phi-líp-pin", "BN": "Bru-nây", "TL": "Đông Ti-mo",
    "IN": "Ấn Độ", "RU": "Liên bang Nga", "FR": "Pháp", "DE": "Đức", "GB": "Vương quốc Anh",
    "IT": "I-ta-li-a", "ES": "Tây Ban Nha", "NL": "Hà Lan", "BE": "Bỉ", "CH": "Thụy Sĩ", "AT": "Áo",
    "SE": "Thụy Điển", "NO": "Na Uy", "DK": "Đan Mạch", "FI": "Phần Lan", "IS": "Ai-xơ-len",
    "IE": "Ai-len", "PL": "Ba Lan", "CZ": "Séc", "HU": "Hung-ga-ri", "AU": "Ô-xtrây-li-a",
    "NZ": "Niu Di-lân", "CA": "Ca-na-đa", "CU": "Cu-ba", "BR": "Bra-xin", "AR": "Ác-hen-ti-na",
    "MX": "Mê-hi-cô", "IL": "I-xra-en", "TR": "Thổ Nhĩ Kỳ", "AE": "Các Tiểu vương quốc Ả-rập Thống nhất",
    "SA": "A-rập Xê-út", "EG": "Ai Cập", "ZA": "Nam Phi", "NE": "Ni-giê", "NG": "Ni-giê-ri-a",
    "JE": "Jersey", "TW": "Đài Loan (Trung Quốc)", "HK": "Hồng Công (Trung Quốc)", "MO": "Ma Cao (Trung Quốc)",
    "MN": "Mông Cổ", "BY": "Bê-la-rút", "UA": "U-crai-na", "KZ": "Ca-dắc-xtan", "UZ": "U-dơ-bê-ki-xtan",
    "BD": "Băng-la-đét", "PK": "Pa-ki-xtan", "LK": "Xri Lan-ca", "NP": "Nê-pan", "VN": "Việt Nam",
    "PT": "Bồ Đào Nha", "GR": "Hy Lạp", "RO": "Ru-ma-ni", "BG": "Bun-ga-ri", "SK": "Xlô-va-ki-a",
    "CL": "Chi-lê", "PE": "Pê-ru", "VE": "Vê-nê-xu-ê-la", "CO": "Cô-lôm-bi-a", "MZ": "Mô-dăm-bích",
    "AO": "Ăng-gô-la", "DZ": "An-giê-ri", "MA": "Ma-rốc", "KW": "Cô-oét", "QA": "Ca-ta", "IR": "I-ran",
    "IQ": "I-rắc", "LU": "Lúc-xăm-bua",
    # Machine-translation howlers of the package's catalogue ("Tiếng Swaziland", "Đoàn tụ" for Réunion,
    # "Palestine, Bang", "Thánh Lucia", "phần tiếng Pháp") and names the Ministry writes otherwise.
    "SZ": "Eswatini", "RE": "Réunion", "LY": "Li-bi", "PS": "Palestine", "BS": "Ba-ha-mát",
    "VA": "Tòa thánh Va-ti-căng", "BL": "Saint Barthélemy", "LC": "Xanh Lu-xi-a",
    "SH": "Saint Helena, Ascension và Tristan da Cunha", "MF": "Saint Martin (thuộc Pháp)",
    "SX": "Sint Maarten (thuộc Hà Lan)", "CX": "Đảo Christmas", "NC": "Niu Ca-lê-đô-ni-a",
    "CG": "Cộng hòa Công-gô", "CD": "Cộng hòa Dân chủ Công-gô", "GE": "Gru-di-a", "LB": "Li-băng",
    "MR": "Mô-ri-ta-ni", "SN": "Xê-nê-gan", "TD": "Sát", "BJ": "Bê-nanh", "SO": "Xô-ma-li", "YE": "Y-ê-men",
    "SY": "Xy-ri", "JO": "Gioóc-đa-ni", "BH": "Ba-ranh", "OM": "Ô-man", "AF": "Áp-ga-ni-xtan",
    "KG": "Cư-rơ-gư-xtan", "TJ": "Tát-gi-ki-xtan", "TM": "Tuốc-mê-ni-xtan", "AZ": "A-déc-bai-gian",
    "AM": "Ác-mê-ni-a", "AL": "An-ba-ni", "HR": "Crô-a-ti-a", "SI": "Xlô-vê-ni-a", "RS": "Xéc-bi-a",
    "ME": "Môn-tê-nê-grô", "EE": "E-xtô-ni-a", "LV": "Lát-vi-a", "LT": "Lít-va", "MD": "Môn-đô-va",
    "MK": "Bắc Ma-xê-đô-ni-a", "BA": "Bô-xni-a và Héc-dê-gô-vi-na", "CY": "Síp", "FM": "Mi-crô-nê-xi-a",
    "MW": "Ma-la-uy", "ET": "Ê-ti-ô-pi-a", "KE": "Kê-ni-a", "TZ": "Tan-da-ni-a", "UG": "U-gan-đa",
    "TN": "Tuy-ni-di", "SD": "Xu-đăng", "SS": "Nam Xu-đăng", "CM": "Ca-mơ-run", "GH": "Ga-na",
    "CI": "Cốt-đi-voa", "PA": "Pa-na-ma", "UY": "U-ru-goay", "PY": "Pa-ra-goay", "BO": "Bô-li-vi-a",
    "EC": "Ê-cu-a-đo", "NI": "Ni-ca-ra-goa", "CR": "Cô-xta Ri-ca", "GT": "Goa-tê-ma-la", "HN": "Hôn-đu-rát",
    "SV": "En Xan-va-đo", "DO": "Cộng hòa Đô-mi-ni-ca", "DM": "Đô-mi-ni-ca", "JM": "Gia-mai-ca",
    "BT": "Bu-tan", "MV": "Man-đi-vơ", "PG": "Pa-pua Niu Ghi-nê", "FJ": "Phi-gi",
    "UM": "Các đảo nhỏ xa xôi của Hoa Kỳ",
}

# The package's English catalogue has oddities too ("Naoero", "Bahamas (The)").
EN_NAMES = {"NR": "Nauru", "BS": "Bahamas"}


def country_name(code) -> str:
    code = str(code or "").upper()
    if not code:
        return ""
    if (get_language() or "vi").startswith("vi") and code in VI_NAMES:
        return VI_NAMES[code]
    if (get_language() or "vi").startswith("en") and code in EN_NAMES:
        return EN_NAMES[code]
    return str(countries.name(code)) or code


# The ISO codes an API field accepts (one enum in the schema: settings ENUM_NAME_OVERRIDES "CountryCodeEnum").
COUNTRY_CODES = sorted(code for code, _name in countries)


@fixed_choices
def country_choices() -> list[tuple[str, str]]:
    """All countries, named for the active language, sorted by folded name."""
    from ngoaivu.core.text import fold
    items = [(code, country_name(code)) for code, _name in countries]
    return sorted(items, key=lambda item: fold(item[1]))


def country_choices_first() -> list[tuple[str, str]]:
    """country_choices() led by settings.COUNTRIES_FIRST (neighbours and main partners), for the lists where a
    CountryField would otherwise offer the package's own names (Iceland and Ireland both "Ai-len")."""
    from django.conf import settings
    first = list(getattr(settings, "COUNTRIES_FIRST", []))
    return [(code, country_name(code)) for code in first] + [c for c in country_choices() if c[0] not in first]
