"""The coordination part of the national-scale dataset: ten years of the centre's report requests to the 34
provinces with each province's return and its stored status changes, and of directives — the centre's to
the provinces and each province's to its own units — with their read receipts, acknowledgements and
replies. About 150 requests (5,100 returns) and 4,500 directives (40,000 copies) at scale 1.

Rows go in as plain tuples (`insert_rows`). What the app keeps is written as its actions would: a return's
status is the last of its status changes (`differences()` checks it), a submitted return has its text
and the time it was sent, the search text is folded with the app's own function.

    python bench/generate.py --only coordination DATABASE_URL        # add to an existing bench database
"""
import datetime

from django.utils import timezone
from gen_exchanges import _last_ids

REQUEST_TOPICS = ["tình hình thực hiện các thỏa thuận quốc tế", "công tác đối ngoại địa phương",
                  "hợp tác với các địa phương Hàn Quốc", "hợp tác với các địa phương Nhật Bản",
                  "đoàn ra, đoàn vào", "tổ chức hội nghị, hội thảo quốc tế", "công tác người Việt Nam ở nước ngoài",
                  "thu hút viện trợ phi chính phủ nước ngoài", "hợp tác biên giới", "ngoại giao kinh tế",
                  "thông tin đối ngoại", "công tác lãnh sự"]
DIRECTIVE_TOPICS = ["tăng cường quản lý thỏa thuận quốc tế", "triển khai Nghị định 30/2020", "quản lý đoàn ra",
                    "chuẩn bị hội nghị đối ngoại toàn quốc", "rà soát các thỏa thuận đã ký",
                    "phòng, chống dịch bệnh trong hoạt động đối ngoại", "ngoại giao văn hóa",
                    "công tác bảo hộ công dân", "xúc tiến đầu tư nước ngoài", "sắp xếp đơn vị hành chính"]
SIGNERS = ["Thứ trưởng Bộ Ngoại giao", "Cục trưởng Cục Ngoại vụ", "Phó Cục trưởng Cục Ngoại vụ",
           "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Giám đốc Sở Ngoại vụ"]


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate(rng, scale, today, insert_rows, progress, years=10):
    """Write the coordination rows; returns {table: rows written}."""
    import time

    from ngoaivu.coordination.choices import ReturnStatus as S
    from ngoaivu.coordination.models import (Directive, DirectiveRecipient, DirectiveReply, ReportRequest,
                                             ReportReturn, ReturnTransition)
    from ngoaivu.core.models import Locality, Unit, User
    from ngoaivu.core.text import build_search_text

    provinces = list(Locality.objects.current().order_by("pk").values_list("pk", flat=True))
    units = {}
    for unit_id, locality_id in Unit.objects.filter(locality_id__in=provinces).values_list("pk", "locality_id"):
        units.setdefault(locality_id, []).append(unit_id)
    centre = User.objects.filter(username="bench.centre").values_list("pk", flat=True).first()
    province_user = User.objects.filter(username="bench.province").values_list("pk", flat=True).first()
    counts = {}

    # --- report requests and returns -------------------------------------------------------------------
    started = time.monotonic()
    per_year = max(1, round(15 * scale))
    requests = []
    for back in range(years, -1, -1):
        for i in range(per_year):
            due = today - datetime.timedelta(days=365 * back) + datetime.timedelta(days=rng.randint(-170, 170))
            if back == 0 and i < 3:  # the open ones: due in the coming weeks
                due = today + datetime.timedelta(days=rng.randint(5, 40))
            data_to = due - datetime.timedelta(days=rng.randint(10, 30))
            data_from = data_to - datetime.timedelta(days=rng.choice([90, 181, 365]))
            title = f"Báo cáo {rng.choice(REQUEST_TOPICS)} năm {data_to.year}"
            number = f"{rng.randint(100, 9999)}/BNG-NV"
            requests.append(dict(number=number, title=title, kind="free", body="Đề nghị các tỉnh, thành phố báo cáo.",
                                 data_from=data_from, data_to=data_to, due_on=due, fields="[]", period="",
                                 created_by_id=centre, created_at=_at(data_to), search_text=build_search_text([title, number])))
    insert_rows(ReportRequest, requests)
    request_ids = _last_ids(ReportRequest, len(requests))
    counts["report requests"] = len(requests)

    returns, plans = [], []
    for request_id, req in zip(request_ids, requests):
        past = req["due_on"] < today
        for locality in provinces:
            # A past request: most provinces sent and were accepted, some were sent back, a few never answered.
            roll = rng.random()
            if past:
                path = ([S.DRAFT, S.SUBMITTED, S.ACCEPTED] if roll < 0.82 else
                        [S.DRAFT, S.SUBMITTED, S.RETURNED, S.SUBMITTED, S.ACCEPTED] if roll < 0.90 else
                        [S.DRAFT, S.SUBMITTED, S.RETURNED] if roll < 0.94 else
                        [S.DRAFT] if roll < 0.97 else [])
            else:
                path = [S.DRAFT, S.SUBMITTED] if roll < 0.3 else [S.DRAFT] if roll < 0.6 else []
            sent = S.SUBMITTED in path
            sent_at = _at(req["due_on"] - datetime.timedelta(days=rng.randint(0, 8)), 15) if sent else None
            if sent_at and sent_at.date() > today:
                sent_at = _at(today, 8)
            returns.append(dict(request_id=request_id, locality_id=locality, status=path[-1] if path else S.NOT_STARTED,
                                values="{}", text="Tỉnh báo cáo như sau: …" if sent else "",
                                first_opened_at=_at(req["data_to"], 10) if path else None,
                                first_opened_by_id=province_user if path else None, submitted_at=sent_at,
                                updated_at=sent_at or _at(req["data_to"])))
            plans.append((path, sent_at or _at(req["data_to"])))
    for start in range(0, len(returns), 5000):
        insert_rows(ReportReturn, returns[start:start + 5000])
        progress("report returns", min(start + 5000, len(returns)), len(returns), started)
    return_ids = _last_ids(ReportReturn, len(returns))
    transitions = []
    for return_id, (path, at) in zip(return_ids, plans):
        previous = S.NOT_STARTED
        for step, status in enumerate(path):
            transitions.append(dict(report_return_id=return_id, from_status=previous, to_status=status,
                                    reason="Đề nghị bổ sung số liệu." if status == S.RETURNED else "",
                                    by_id=centre if status in (S.ACCEPTED, S.RETURNED) else province_user,
                                    at=at + datetime.timedelta(hours=step)))
            previous = status
    for start in range(0, len(transitions), 10000):
        insert_rows(ReturnTransition, transitions[start:start + 10000])
    counts["report returns"], counts["return status changes"] = len(returns), len(transitions)

    # --- directives ------------------------------------------------------------------------------------
    started = time.monotonic()
    directives, copies = [], []
    for back in range(years, -1, -1):
        year = today.year - back
        for _i in range(max(1, round(40 * scale))):  # the centre's, to every province or some of them
            issued = _day_in(rng, year, today)
            subject = f"Về việc {rng.choice(DIRECTIVE_TOPICS)}"
            number = f"{rng.randint(100, 9999)}/BNG-NV"
            directives.append(dict(sender_locality_id=None, number=number, issued_on=issued, subject=subject,
                                   body="Đề nghị các địa phương triển khai.", signer=rng.choice(SIGNERS[:3]),
                                   attachment="", created_by_id=centre, created_at=_at(issued),
                                   search_text=build_search_text([number, subject])))
            to = provinces if rng.random() < 0.7 else rng.sample(provinces, rng.randint(3, 15))
            copies.append([(loc, None) for loc in to])
        for province in provinces:  # each province's, to some of its units
            own = units.get(province, [])
            for _i in range(max(1, round(10 * scale)) if own else 0):
                issued = _day_in(rng, year, today)
                subject = f"Về việc {rng.choice(DIRECTIVE_TOPICS)}"
                number = f"{rng.randint(100, 9999)}/UBND-NV"
                directives.append(dict(sender_locality_id=province, number=number, issued_on=issued, subject=subject,
                                       body="Đề nghị các cơ quan, đơn vị triển khai.", signer=rng.choice(SIGNERS[3:]),
                                       attachment="", created_by_id=None, created_at=_at(issued),
                                       search_text=build_search_text([number, subject])))
                copies.append([(province, unit) for unit in rng.sample(own, min(len(own), rng.randint(3, 12)))])
    insert_rows(Directive, directives)
    directive_ids = _last_ids(Directive, len(directives))
    recipients, replied = [], []
    for directive_id, directive, to in zip(directive_ids, directives, copies):
        age = (today - directive["issued_on"]).days
        for locality, unit in to:
            opened = age > 3 or rng.random() < 0.5
            acknowledged = opened and (age > 20 or rng.random() < 0.4) and rng.random() < 0.93
            opened_at = _at(directive["issued_on"] + datetime.timedelta(days=min(age, rng.randint(0, 3))), 10)
            recipients.append(dict(directive_id=directive_id, locality_id=locality, unit_id=unit,
                                   first_opened_at=opened_at if opened else None,
                                   first_opened_by_id=province_user if opened else None,
                                   acknowledged_at=opened_at + datetime.timedelta(hours=2) if acknowledged else None,
                                   acknowledged_by_id=province_user if acknowledged else None,
                                   reminded_at=None, reminders=0))
            replied.append(acknowledged and rng.random() < 0.15)
    for start in range(0, len(recipients), 10000):
        insert_rows(DirectiveRecipient, recipients[start:start + 10000])
        progress("directive copies", min(start + 10000, len(recipients)), len(recipients), started)
    recipient_ids = _last_ids(DirectiveRecipient, len(recipients))
    replies = [dict(recipient_id=rid, text="Đơn vị đã triển khai theo chỉ đạo.", attachment="", by_id=province_user,
                    at=row["acknowledged_at"] + datetime.timedelta(days=1))
               for rid, row, has in zip(recipient_ids, recipients, replied) if has]
    insert_rows(DirectiveReply, replies)
    counts.update({"directives": len(directives), "directive copies": len(recipients), "directive replies": len(replies)})
    return counts


def _day_in(rng, year, today):
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    return min(day, today)


def differences(limit=None) -> list[str]:
    """Returns whose kept status is not the last of their status changes (or not started without one), and
    sent returns without the time they were sent."""
    from django.db.models import OuterRef, Subquery

    from ngoaivu.coordination.choices import ReturnStatus as S
    from ngoaivu.coordination.models import ReportReturn, ReturnTransition
    last = (ReturnTransition.objects.filter(report_return=OuterRef("pk")).order_by("-at", "-pk").values("to_status")[:1])
    found = []
    for pk, status, derived, sent in (ReportReturn.objects.annotate(derived=Subquery(last))
                                      .values_list("pk", "status", "derived", "submitted_at").iterator()):
        if status != (derived or S.NOT_STARTED):
            found.append(f"return {pk}: status {status}, its status changes say {derived or S.NOT_STARTED}")
        elif status in (S.SUBMITTED, S.ACCEPTED) and sent is None:
            found.append(f"return {pk}: {status} without the time it was sent")
        if limit and len(found) >= limit:
            break
    return found
