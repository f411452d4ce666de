"""Country names as the Foreign Ministry writes them.

django-countries' Vietnamese catalogue is good but has errors (IS→"Ai-len", JE→"Áo", NE→"Nigeria") and
many untranslated names; these overrides win when the active language is Vietnamese.
"""
from django.utils.translation import get_language
from django_countries import countries

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
}


def country_name(code) -> str:
    code = str(code or "").upper()
    if not code:
        return ""
    if (get_language() or "vi").startswith("vi") and code in VI_NAMES:
        return VI_NAMES[code]
    return str(countries.name(code)) or code


def country_choices() -> list[tuple[str, str]]:
    """All countries, named for the active language, sorted by folded name."""
    from ngoaivu.core.text import fold
    items = [(code, country_name(code)) for code, _name in countries]
    return sorted(items, key=lambda item: fold(item[1]))
