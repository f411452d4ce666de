"""Dates as Decree 30/2020 writes them: "Lạng Sơn, ngày 05 tháng 02 năm 2026" (days 1–9 and months 1–2
with a leading zero, so nobody can add a digit to the printed date)."""
import datetime


def place_and_date(place: str, day: datetime.date) -> str:
    # Months 3–12 as they are ("tháng 3", "tháng 12"): only 1 and 2 could take another digit after them.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
