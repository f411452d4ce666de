"""The exchanges part of the national-scale dataset: Vietnam's missions abroad, and for every current
province, each of the last 20 years, 40–80 delegations (out and in, three channels) and 10–20
international conferences, with their countries, members, contacts, partners, events, status rows,
reports and consultations — about 40,000 delegations and 10,000 conferences at scale 1.

Rows go in as plain tuples (`insert_rows`: COPY on PostgreSQL, executemany on SQLite). What the app
keeps on a record (status, report and dossier deadlines, approving authority, search text, folded
names, a first status-change row) is computed here with the app's own rules (`ngoaivu.exchanges.rules`),
as its actions would; `differences()` recomputes them from the rows and lists any that disagree, and the
app's sweep then finds nothing to change.

    python bench/generate.py --only exchanges DATABASE_URL        # add to an existing bench database
"""
import datetime
import json
import time

MISSIONS = [  # (name, kind, host country, city, accredited countries besides the host)
    ("Đại sứ quán Việt Nam tại Hàn Quốc", "embassy", "KR", "Seoul", []),
    ("Tổng Lãnh sự quán Việt Nam tại Busan", "consulate", "KR", "Busan", []),
    ("Đại sứ quán Việt Nam tại Nhật Bản", "embassy", "JP", "Tokyo", []),
    ("Tổng Lãnh sự quán Việt Nam tại Osaka", "consulate", "JP", "Osaka", []),
    ("Tổng Lãnh sự quán Việt Nam tại Fukuoka", "consulate", "JP", "Fukuoka", []),
    ("Đại sứ quán Việt Nam tại Trung Quốc", "embassy", "CN", "Bắc Kinh", ["MN"]),
    ("Tổng Lãnh sự quán Việt Nam tại Nam Ninh", "consulate", "CN", "Nam Ninh", []),
    ("Tổng Lãnh sự quán Việt Nam tại Côn Minh", "consulate", "CN", "Côn Minh", []),
    ("Tổng Lãnh sự quán Việt Nam tại Quảng Châu", "consulate", "CN", "Quảng Châu", []),
    ("Tổng Lãnh sự quán Việt Nam tại Thượng Hải", "consulate", "CN", "Thượng Hải", []),
    ("Đại sứ quán Việt Nam tại Lào", "embassy", "LA", "Viêng Chăn", []),
    ("Tổng Lãnh sự quán Việt Nam tại Luang Prabang", "consulate", "LA", "Luang Prabang", []),
    ("Tổng Lãnh sự quán Việt Nam tại Pakse", "consulate", "LA", "Pakse", []),
    ("Đại sứ quán Việt Nam tại Campuchia", "embassy", "KH", "Phnôm Pênh", []),
    ("Tổng Lãnh sự quán Việt Nam tại Battambang", "consulate", "KH", "Battambang", []),
    ("Đại sứ quán Việt Nam tại Thái Lan", "embassy", "TH", "Băng Cốc", []),
    ("Tổng Lãnh sự quán Việt Nam tại Khon Kaen", "consulate", "TH", "Khon Kaen", []),
    ("Đại sứ quán Việt Nam tại Hoa Kỳ", "embassy", "US", "Washington", []),
    ("Tổng Lãnh sự quán Việt Nam tại San Francisco", "consulate", "US", "San Francisco", []),
    ("Tổng Lãnh sự quán Việt Nam tại Houston", "consulate", "US", "Houston", []),
    ("Đại sứ quán Việt Nam tại Pháp", "embassy", "FR", "Paris", []),
    ("Đại sứ quán Việt Nam tại Đức", "embassy", "DE", "Berlin", []),
    ("Tổng Lãnh sự quán Việt Nam tại Frankfurt", "consulate", "DE", "Frankfurt", []),
    ("Đại sứ quán Việt Nam tại Liên bang Nga", "embassy", "RU", "Mát-xcơ-va", []),
    ("Tổng Lãnh sự quán Việt Nam tại Vladivostok", "consulate", "RU", "Vladivostok", []),
    ("Đại sứ quán Việt Nam tại Ô-xtrây-li-a", "embassy", "AU", "Canberra", []),
    ("Tổng Lãnh sự quán Việt Nam tại Sydney", "consulate", "AU", "Sydney", []),
    ("Đại sứ quán Việt Nam tại Xinh-ga-po", "embassy", "SG", "Xinh-ga-po", []),
    ("Đại sứ quán Việt Nam tại Ấn Độ", "embassy", "IN", "Niu Đê-li", []),
    ("Tổng Lãnh sự quán Việt Nam tại Mumbai", "consulate", "IN", "Mumbai", []),
    ("Đại sứ quán Việt Nam tại Vương quốc Anh", "embassy", "GB", "Luân Đôn", []),
    ("Đại sứ quán Việt Nam tại I-ta-li-a", "embassy", "IT", "Rô-ma", []),
    ("Đại sứ quán Việt Nam tại Hà Lan", "embassy", "NL", "La Hay", []),
    ("Đại sứ quán Việt Nam tại Bỉ", "embassy", "BE", "Brúc-xen", ["NL"]),
    ("Đại sứ quán Việt Nam tại Cu-ba", "embassy", "CU", "La Ha-ba-na", []),
    ("Đại sứ quán Việt Nam tại Mông Cổ", "embassy", "MN", "U-lan Ba-to", []),
    ("Đại sứ quán Việt Nam tại Hung-ga-ri", "embassy", "HU", "Bu-đa-pét", []),
]
CITIES = {"KR": ["Seoul", "Busan", "Suwon", "Daejeon"], "JP": ["Tokyo", "Osaka", "Shizuoka", "Nagano", "Fukuoka"],
          "CN": ["Nam Ninh", "Côn Minh", "Quảng Châu", "Thượng Hải"], "LA": ["Viêng Chăn", "Champasak", "Savannakhet"],
          "KH": ["Phnôm Pênh", "Siem Reap"], "TH": ["Băng Cốc", "Udon Thani", "Chiang Mai"]}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hoài", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh", "Lan", "Long", "Mai",
         "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Việt", "Yến"]
HEADS = {"national": "Phó Chủ tịch nước", "minister": "Thứ trưởng", "leader": "Chủ tịch UBND tỉnh",
         "deputy": "Phó Chủ tịch UBND tỉnh", "department": "Giám đốc Sở", "other": "Chủ tịch Hội hữu nghị"}
LEVELS = [("leader", 12), ("deputy", 38), ("department", 40), ("minister", 2), ("national", 1), ("other", 7)]
CHANNELS = [("state", 70), ("party", 12), ("people", 18)]
FUNDING = [("budget", 70), ("host", 15), ("mixed", 10), ("enterprise", 3), ("other", 2)]
TOPICS = ["thương mại", "đầu tư", "giáo dục", "y tế", "nông nghiệp", "du lịch", "văn hóa", "lao động",
          "khoa học công nghệ", "môi trường", "giao thông", "logistics"]
FOREIGN_LEVELS = [("other", 55), ("local_leader", 22), ("deputy_minister", 10), ("minister", 4),
                  ("head_of_government", 1), ("none", 8)]
CONF_KINDS = [("conference", 35), ("seminar", 40), ("forum", 12), ("roundtable", 10), ("other", 3)]
CONF_LABELS = {"conference": "Hội nghị", "seminar": "Hội thảo", "forum": "Diễn đàn", "roundtable": "Tọa đàm",
               "other": "Sự kiện"}
CONF_FORMS = [("in_person", 75), ("hybrid", 18), ("online", 7)]
SENSITIVE = ["sovereignty", "security", "defence", "ethnic_religious", "human_rights", "state_secrets"]
BODIES = ["Bộ Ngoại giao", "Bộ Công an", "Bộ Quốc phòng", "Bộ Thông tin và Truyền thông"]


def _pick(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


def _name(rng):
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _days(n):
    return datetime.timedelta(days=n)


def _last_ids(model, n):
    """Ids of the `n` rows just written (in insertion order): this process is the only writer."""
    return list(model._base_manager.order_by("-pk").values_list("pk", flat=True)[:n])[::-1]


def generate(rng, scale, today, insert_rows, progress, batch=5000):
    """Write the exchanges rows; returns {table: rows written}."""
    from django.db import transaction

    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.countries import country_name
    from ngoaivu.core.models import Locality, Mission, Unit, User
    from ngoaivu.core.text import build_search_text, fold
    from ngoaivu.exchanges import rules
    from ngoaivu.exchanges.models import (
        Conference, ConferenceConsultation, ConferenceStatusChange, Delegation, DelegationContact,
        DelegationEvent, DelegationMember, DelegationReport, DelegationStatusChange, DelegationStop,
        ExchangeSettings,
    )
    from ngoaivu.partners.models import Partner, PartnerAlias, country_search_names

    counts = {}
    if not Mission.objects.exists():
        Mission.objects.bulk_create([Mission(name=n, kind=k, country=c, city=city, accredited_countries=[c, *more])
                                     for n, k, c, city, more in MISSIONS])
    counts["missions"] = Mission.objects.count()
    if not User.objects.filter(username="bench.mission").exists():
        core_actions.create_user(username="bench.mission", full_name="Bench mission", password="bench-Password-2026",
                                 kind="mission", role="officer", mission=Mission.objects.get(country="KR", kind="embassy"))

    localities = list(Locality.objects.current().order_by("code"))
    # A third of the provinces have their own rules (report in 10 days, or in working days).
    for i, loc in enumerate(localities):
        if i % 3 == 0 and not ExchangeSettings.objects.filter(locality=loc).exists():
            ExchangeSettings.objects.create(locality=loc, report_days=10 if i % 2 else 15,
                                            report_in_working_days=bool(i % 2 == 0), conference_report_days=20)
    settings_of = {loc.pk: ExchangeSettings.for_locality(loc) for loc in localities}
    units = {}
    for u in Unit.objects.filter(valid_until__isnull=True, kind="department").values("pk", "locality_id", "name"):
        units.setdefault(u["locality_id"], []).append((u["pk"], u["name"]))
    # Partners in the order the app lists a record's partners (Partner.Meta.ordering, the database's collation),
    # so the search text built here is the one the app would build.
    partners, rank, by_country = {}, {}, {}
    for i, (pk, name, name_vi, country) in enumerate(Partner.objects.order_by("name", "pk").values_list(
            "pk", "name", "name_vi", "country")):
        rank[pk] = i
        partners[pk] = (name, name_vi, country)
        by_country.setdefault(country, []).append(pk)
    aliases = {}
    for partner_id, name in PartnerAlias.objects.order_by("name", "pk").values_list("partner_id", "name"):
        aliases.setdefault(partner_id, []).append(name)
    partner_str = {pk: str(Partner(name=n, name_vi=v, country=c)) for pk, (n, v, c) in partners.items()}
    partner_parts = {pk: [n, v, *aliases.get(pk, []), *country_search_names(c)] for pk, (n, v, c) in partners.items()}
    countries = [c for c in by_country if c]
    cweights = [len(by_country[c]) for c in countries]

    def some_partners(k):
        chosen = {rng.choice(by_country[rng.choices(countries, cweights)[0]]) for _ in range(k)}
        return sorted(chosen, key=rank.__getitem__)

    years = range(today.year - 19, today.year + 1)

    def start_in(year):
        """A day of the year; this year a sixth of the records fall in the current month."""
        if year == today.year and rng.random() < 0.17:
            return today.replace(day=rng.randint(1, 28))
        return datetime.date(year, 1, 1) + _days(rng.randint(0, 364))

    # --- Delegations ------------------------------------------------------------------------------------
    started = time.monotonic()
    plan = [(loc, year) for loc in localities for year in years]
    sizes = [max(1, round(rng.randint(40, 80) * scale)) for _ in plan]
    total = sum(sizes)
    written = {"delegations": 0, "stops": 0, "members": 0, "contacts": 0, "events": 0, "reports": 0,
               "delegation status rows": 0}
    pending = []

    def flush():
        if not pending:
            return
        with transaction.atomic():
            insert_rows(Delegation, [row for row, *_ in pending])
            ids = _last_ids(Delegation, len(pending))
            stops, members, contacts, events, reports, changes, links = [], [], [], [], [], [], []
            for pk, (_row, kids) in zip(ids, pending):
                stops += [dict(s, delegation_id=pk) for s in kids["stops"]]
                members += [dict(m, delegation_id=pk) for m in kids["members"]]
                contacts += [dict(c, delegation_id=pk) for c in kids["contacts"]]
                events += [dict(e, delegation_id=pk) for e in kids["events"]]
                reports += [dict(r, delegation_id=pk) for r in kids["report"]]
                changes.append(dict(kids["change"], delegation_id=pk))
                links += [dict(delegation_id=pk, partner_id=p) for p in kids["partners"]]
            insert_rows(DelegationStop, stops)
            insert_rows(DelegationMember, members)
            insert_rows(DelegationContact, contacts)
            insert_rows(DelegationEvent, events)
            insert_rows(DelegationReport, reports)
            insert_rows(DelegationStatusChange, changes)
            insert_rows(Delegation.partners.through, links)
        for key, rows in (("stops", stops), ("members", members), ("contacts", contacts), ("events", events),
                          ("reports", reports), ("delegation status rows", changes)):
            written[key] += len(rows)
        written["delegations"] += len(pending)
        pending.clear()
        progress("delegations", written["delegations"], total, started)

    for (loc, year), size in zip(plan, sizes):
        for _ in range(size):
            pending.append(_delegation(rng, loc, year, today, start_in, units, settings_of[loc.pk], some_partners,
                                       partners, partner_str, by_country, rules, fold, build_search_text,
                                       country_name))
            if len(pending) >= batch:
                flush()
    flush()
    counts.update(written)

    # --- Conferences ------------------------------------------------------------------------------------
    started = time.monotonic()
    sizes = [max(1, round(rng.randint(10, 20) * scale)) for _ in plan]
    total = sum(sizes)
    written = {"conferences": 0, "consultations": 0, "conference status rows": 0, "conference partners": 0}
    pending = []

    def flush_conferences():
        if not pending:
            return
        with transaction.atomic():
            insert_rows(Conference, [row for row, *_ in pending])
            ids = _last_ids(Conference, len(pending))
            consultations, changes, links = [], [], []
            for pk, (_row, kids) in zip(ids, pending):
                consultations += [dict(c, conference_id=pk) for c in kids["consultations"]]
                changes.append(dict(kids["change"], conference_id=pk))
                links += [dict(conference_id=pk, partner_id=p) for p in kids["partners"]]
            insert_rows(ConferenceConsultation, consultations)
            insert_rows(ConferenceStatusChange, changes)
            insert_rows(Conference.partners.through, links)
        written["conferences"] += len(pending)
        written["consultations"] += len(consultations)
        written["conference status rows"] += len(changes)
        written["conference partners"] += len(links)
        pending.clear()
        progress("conferences", written["conferences"], total, started)

    for (loc, year), size in zip(plan, sizes):
        for _ in range(size):
            pending.append(_conference(rng, loc, year, today, start_in, units, settings_of[loc.pk], some_partners,
                                       partner_parts, rules, build_search_text))
            if len(pending) >= batch:
                flush_conferences()
    flush_conferences()
    counts.update(written)
    return counts


def _delegation(rng, loc, year, today, start_in, units, settings_row, some_partners, partners, partner_str,
                by_country, rules, fold, build_search_text, country_name):
    """One delegation's row and its children's rows, at a point of its lifecycle its dates make likely."""
    direction = "out" if rng.random() < 0.55 else "in"
    level, channel = _pick(rng, LEVELS), _pick(rng, CHANNELS)
    start = start_in(year)
    end = start + _days(rng.randint(0, 9))
    partner_ids = some_partners(1 if rng.random() < 0.75 else 2)
    countries = []
    for p in partner_ids:
        if partners[p][2] and partners[p][2] not in countries:
            countries.append(partners[p][2])
    if direction == "out" and rng.random() < 0.2:  # a second country on the way
        extra = rng.choice(list(by_country))
        if extra and extra not in countries:
            countries.append(extra)
    countries = countries or ["KR"]
    stops = [dict(country=c, city=rng.choice(CITIES.get(c, [""])), days=None, partner_id=None, position=i)
             for i, c in enumerate(countries)]
    unit = rng.choice(units.get(loc.pk, [(None, "")]))
    members_n = rng.randint(2, 9)
    member_names = [_name(rng) for _ in range(members_n - 1)]
    topic = rng.choice(TOPICS)
    where = country_name(countries[0])
    title = (f"Đoàn {loc.short_name} thăm và làm việc tại {where}" if direction == "out"
             else f"Đoàn {partner_str[partner_ids[0]]} thăm {loc.short_name}")
    head_name, head_title = _name(rng), HEADS[level]
    purpose = f"Trao đổi, thúc đẩy hợp tác về {topic}."
    row = dict(locality_id=loc.pk, unit_id=unit[0], direction=direction, channel=channel, level=level, title=title,
               head_name=head_name, head_title=head_title, head_key=fold(head_name), member_count=members_n,
               purpose=purpose, programme="", start_date=start, end_date=end, funding=_pick(rng, FUNDING),
               funding_note="", approval_authority="", approval_authority_note="", decision_number="",
               decision_date=None, returned_on=None, cancelled_on=None, cancel_reason="", created_by_id=None)
    planned_on = min(start - _days(rng.randint(20, 90)), today)
    events = [dict(kind="planned", date=planned_on, note="", created_by_id=None)]
    report = []
    past, r = end < today, rng.random()
    if r < 0.05 and planned_on < today:  # cancelled
        row["cancelled_on"] = min(start - _days(rng.randint(1, 15)), today)
        row["cancelled_on"] = max(row["cancelled_on"], planned_on)
        row["cancel_reason"] = "Thay đổi kế hoạch công tác"
        events.append(dict(kind="cancelled", date=row["cancelled_on"], note=row["cancel_reason"], created_by_id=None))
    elif r < 0.10 and past or (not past and start - today > _days(30) and r < 0.55):
        pass  # never approved (an old proposal that went nowhere), or not yet
    else:
        decided = min(start - _days(rng.randint(5, 45)), today)
        decided = max(decided, planned_on)
        authority = rules.delegation_authority(level, channel, settings_row)
        row.update(approval_authority=authority, decision_number=f"{rng.randint(100, 4999)}/QĐ-UBND",
                   decision_date=decided)
        events.append(dict(kind="approved", date=decided, note=f"Quyết định số {row['decision_number']}",
                           created_by_id=None))
        if past:
            if rng.random() < 0.6:
                row["returned_on"] = end
                events.append(dict(kind="returned", date=end, note="", created_by_id=None))
            back = row["returned_on"] or end
            submitted = back + _days(rng.randint(1, 25))
            if submitted <= today and rng.random() < (0.92 if today - end > _days(60) else 0.5):
                report.append(dict(submitted_on=submitted, summary=f"Đoàn đã làm việc tại {where}, thống nhất "
                                   f"các nội dung hợp tác về {topic}.", results="", file="", created_by_id=None))
                events.append(dict(kind="reported", date=submitted, note="", created_by_id=None))
    row["report_due"] = rules.delegation_report_due(row["returned_on"] or end, settings_row)
    facts = _Facts(row, report)
    status, why = rules.delegation_status(facts, today=today, has_report=bool(report))
    row["status"] = status
    row["search_text"] = build_search_text(
        [title, head_name, head_title, purpose, *(country_name(c) for c in countries), *(s["city"] for s in stops),
         *(partner_str[p] for p in partner_ids), *member_names])
    members = [dict(full_name=n, title="Chuyên viên", organisation=unit[1], unit_id=unit[0], name_key=fold(n),
                    position=i) for i, n in enumerate(member_names)]
    contacts = [dict(channel=channel, counterpart=partner_str[p], partner_id=p, position=i)
                for i, p in enumerate(partner_ids)]
    change = dict(old_status="", new_status=status, reason=why[:300], created_by_id=None)
    return row, dict(stops=stops, members=members, contacts=contacts, events=events, report=report, change=change,
                     partners=partner_ids)


class _Facts:
    """What rules.delegation_status reads, from a row not yet written."""

    def __init__(self, row, report):
        self.__dict__.update(row)
        self.pk = None
        if report:
            self.report = type("Report", (), report[0])


def _conference(rng, loc, year, today, start_in, units, settings_row, some_partners, partner_parts, rules,
                build_search_text):
    """One conference's row, its consultations and partners."""
    start = start_in(year)
    end = start + _days(rng.randint(0, 2))
    level = _pick(rng, FOREIGN_LEVELS)
    topics = [rng.choice(SENSITIVE)] if rng.random() < 0.04 else []
    form = _pick(rng, CONF_FORMS)
    participants = rng.randint(30, 400)
    foreign = 0 if level == "none" else rng.randint(1, max(1, participants // 3))
    partner_ids = some_partners(rng.choice([0, 1, 1, 1, 2, 3])) if level != "none" else []
    unit = rng.choice(units.get(loc.pk, [(None, "")]))
    kind = _pick(rng, CONF_KINDS)
    topic = rng.choice(TOPICS)
    organiser_kind = "province_unit" if rng.random() < 0.7 else rng.choice(["vietnamese", "foreign"])
    title = f"{CONF_LABELS[kind]} quốc tế về {topic} tại {loc.short_name} năm {start.year}"
    venue = f"Trung tâm Hội nghị {loc.short_name}"
    organiser_name = "" if organiser_kind == "province_unit" else f"Hiệp hội doanh nghiệp {rng.choice(TOPICS)}"
    content = f"Trao đổi kinh nghiệm, thúc đẩy hợp tác về {topic}."
    authority = rules.approving_authority(level, topics)
    row = dict(locality_id=loc.pk, title=title, kind=kind, form=form, vietnam_endpoint=form != "online" or rng.random() < 0.8,
               venue=venue, start_date=start, end_date=end, organiser_kind=organiser_kind,
               organiser_unit_id=unit[0] if organiser_kind == "province_unit" else None, organiser_name=organiser_name,
               content=content, participants_count=participants, foreign_participants_count=foreign,
               highest_foreign_level=level, topics=json.dumps(topics), dossier_submitted_on=None,
               decision_authority="", decision_number="", decision_date=None, report_submitted_on=None,
               report_text="", report_file="", cancelled_on=None, cancel_reason="", authority=authority,
               dossier_deadline=rules.dossier_deadline(start, authority),
               report_due=rules.conference_report_due(end, settings_row), created_by_id=None)
    consultations = []
    past, r = end < today, rng.random()
    deadline = row["dossier_deadline"]
    if r < 0.04:
        row["cancelled_on"] = min(start - _days(rng.randint(1, 20)), today)
        row["cancel_reason"] = "Đối tác đề nghị lùi thời gian"
    elif (r < 0.07 and past) or (not past and deadline > today and r < 0.6):
        pass  # planned, dossier not filed (yet)
    else:
        filed = min(deadline + _days(rng.randint(-25, 8)), today)
        row["dossier_submitted_on"] = filed
        if authority == "pm":
            for i, body in enumerate(BODIES[:rng.randint(2, 3)]):
                answered = filed + _days(rng.randint(3, 20))
                consultations.append(dict(body=body, sent_on=filed, due_on=rules.consultation_due(filed),
                                          answered_on=answered if answered <= today else None,
                                          opinion="agree" if answered <= today else "", note=""))
        decided = filed + _days(rng.randint(3, 25))
        if decided <= today and (past or rng.random() < 0.8):
            row.update(decision_authority=authority, decision_number=f"{rng.randint(100, 4999)}/UBND-NgV",
                       decision_date=decided)
            submitted = end + _days(rng.randint(1, 25))
            if past and submitted <= today and rng.random() < (0.9 if today - end > _days(60) else 0.4):
                row.update(report_submitted_on=submitted, report_text=f"Hội nghị đã diễn ra thành công; {content}")
    status, why = rules.conference_status(type("Conf", (), row), today=today)
    row["status"] = status
    parts = [title, venue, organiser_name, content]
    for p in partner_ids:
        parts += partner_parts[p]
    row["search_text"] = build_search_text(parts)
    change = dict(old_status="", new_status=status, reason=why[:300], created_by_id=None)
    return row, dict(consultations=consultations, change=change, partners=partner_ids)


def differences(limit=None, today=None) -> list[str]:
    """What the app would keep differently on the exchanges rows (status, deadlines, authority, search
    text, folded names, a first status row): recomputed from each record as its actions do. Empty when
    the rows agree. `limit`: only the first N records of each kind."""
    from django.db.models import Count
    from django.utils import timezone

    from ngoaivu.core.text import build_search_text, fold
    from ngoaivu.exchanges import rules
    from ngoaivu.exchanges.models import Conference, Delegation, DelegationMember, ExchangeSettings

    today = today or timezone.localdate()
    settings_of = {}

    def settings_for(locality):
        if locality.pk not in settings_of:
            settings_of[locality.pk] = ExchangeSettings.for_locality(locality)
        return settings_of[locality.pk]

    found = []
    delegations = (Delegation._base_manager.select_related("locality", "report").order_by("pk")
                   .prefetch_related("stops", "partners", "members").annotate(n_changes=Count("status_changes")))
    for d in delegations[:limit] if limit else delegations.iterator(chunk_size=2000):
        status, _why = rules.delegation_status(d, today=today)
        expected = {"status": status, "report_due": rules.delegation_report_due(d.return_date, settings_for(d.locality)),
                    "search_text": build_search_text(d.search_parts()), "head_key": fold(d.head_name)}
        found += [f"delegation {d.pk}: {k} {getattr(d, k)!r} ≠ {v!r}" for k, v in expected.items() if getattr(d, k) != v]
        if not d.n_changes:
            found.append(f"delegation {d.pk}: no status row")
    for m in DelegationMember._base_manager.order_by("pk")[:limit or None].iterator(chunk_size=5000):
        if m.name_key != fold(m.full_name):
            found.append(f"delegation member {m.pk}: name_key")
    conferences = (Conference._base_manager.select_related("locality").order_by("pk")
                   .prefetch_related("partners__aliases").annotate(n_changes=Count("status_changes")))
    for c in conferences[:limit] if limit else conferences.iterator(chunk_size=2000):
        authority = rules.approving_authority(c.highest_foreign_level, c.topics)
        expected = {"status": rules.conference_status(c, today=today)[0], "authority": authority,
                    "dossier_deadline": rules.dossier_deadline(c.start_date, authority),
                    "report_due": rules.conference_report_due(c.end_date, settings_for(c.locality)),
                    "search_text": build_search_text(c.search_parts())}
        found += [f"conference {c.pk}: {k} {getattr(c, k)!r} ≠ {v!r}" for k, v in expected.items() if getattr(c, k) != v]
        if not c.n_changes:
            found.append(f"conference {c.pk}: no status row")
    return found
