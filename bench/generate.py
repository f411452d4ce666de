"""Build a national-scale dataset: 34 provinces, 50,000 agreements over 20 years, 250,000 commitments,
1,000,000 activities, ~110,000 yearly plans, then one sweep so every agreement has a health.

    python bench/generate.py --database-url sqlite:///bench/var/bench.sqlite3 [--scale 1.0]
    python bench/generate.py --only exchanges DATABASE_URL [--scale 1.0] [--replace]
    python bench/generate.py --only coordination DATABASE_URL [--scale 1.0] [--replace]
    python bench/generate.py --only history DATABASE_URL [--replace]

The exchanges part (bench/gen_exchanges.py: missions abroad, ~40,000 delegations and ~10,000 international
conferences over 20 years) is built after the register; `--only exchanges` adds it to a database that has
the rest already (`--replace` first deletes the exchanges rows it holds). The coordination part
(bench/gen_coordination.py: ten years of report requests with the provinces' returns, and of directives
with their copies) follows, and `--only coordination` adds it the same way. The history part
(bench/gen_history.py: the creation row of every record a measured page shows, and 1–3 edits for most)
comes last; `--only history` adds it.

Rows go in with bulk_create in large batches (one transaction per batch); the folded search text is
computed here because bulk_create bypasses save(). Progress is printed as it goes.
"""
import argparse
import datetime
import enum
import random
import sys
import time

from _setup import ensure_pg_database, settle, setup

COUNTRIES = [("KR", 18), ("JP", 16), ("CN", 14), ("LA", 9), ("KH", 5), ("TH", 5), ("US", 5), ("FR", 4), ("DE", 4),
             ("RU", 3), ("AU", 3), ("SG", 3), ("IN", 2), ("GB", 2), ("IT", 2), ("NL", 1), ("BE", 1), ("CU", 1),
             ("MN", 1), ("HU", 1)]
PARTNER_PREFIX = ["Tỉnh", "Thành phố", "Quận", "Đại học", "Tập đoàn", "Hiệp hội", "Cơ quan Hợp tác", "Tổ chức"]
NAMES = ["Gyeonggi", "Chungcheong", "Shizuoka", "Nagano", "Quảng Tây", "Vân Nam", "Champasak", "Savannakhet",
         "Siem Reap", "Udon Thani", "Oregon", "Bretagne", "Bayern", "Kaluga", "Queensland", "Jurong", "Kerala",
         "Yorkshire", "Toscana", "Utrecht", "Flanders", "Habana", "Ulaanbaatar", "Debrecen", "Busan", "Osaka",
         "Kyoto", "Quảng Đông", "Luang Prabang", "Battambang", "Chiang Mai", "Texas", "Normandie", "Sachsen"]
TOPICS = ["thương mại", "đầu tư", "giáo dục", "y tế", "nông nghiệp", "du lịch", "văn hóa", "lao động",
          "khoa học công nghệ", "môi trường", "giao thông", "phát triển nguồn nhân lực"]
FORMS = ["ban_ghi_nho", "thoa_thuan", "y_dinh_thu", "chuong_trinh", "ke_hoach", "ket_nghia"]
SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Minh", "Phạm Đức Long", "Hoàng Thị Lan", "Vũ Văn Thành",
           "Đặng Quốc Huy", "Bùi Thị Hạnh"]
ACTIVITY_KINDS = ["meeting", "delegation", "event", "training", "promotion", "project", "aid", "other"]


def weighted(pairs):
    values, weights = zip(*pairs)
    return values, weights


def progress(label, done, total, started):
    rate = done / max(time.monotonic() - started, 1e-6)
    sys.stdout.write(f"\r  {label}: {done:>9,}/{total:,} ({rate:,.0f}/s)")
    sys.stdout.flush()
    if done >= total:
        sys.stdout.write("\n")


def insert_rows(model, rows):
    """Insert dicts of field values as plain tuples: COPY on PostgreSQL, one executemany on SQLite. A
    model instance per row (bulk_create) cost more than the insert itself at a million activities. Fields
    a row leaves out get their default once (created_at: now)."""
    from django.db import connection
    from django.utils import timezone
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                else f.get_default() for f in fields}
    defaults = {k: v.value if isinstance(v, enum.Enum) else v for k, v in defaults.items()}
    names = [f.attname for f in fields]
    tuples = [tuple(row.get(name, defaults[name]) for name in names) for row in rows]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in tuples:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})", tuples)


def delete_rows(models):
    """Empty these tables with raw SQL, in this order (no history rows for the deletes): a part's --replace."""
    from django.db import connection, transaction
    with transaction.atomic(), connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def build_exchanges(rng, scale, replace=False, check=True):
    """The exchanges part: rows, ANALYZE, then the check that what the app keeps on them is what its rules
    give (and that its sweep finds nothing to change). Returns {table: rows}."""
    from django.db import connection
    from django.utils import timezone

    import gen_exchanges
    from ngoaivu.exchanges.actions import sweep
    from ngoaivu.exchanges.models import Conference, Delegation
    if Delegation._base_manager.exists() or Conference._base_manager.exists():
        if not replace:
            print("The database already holds delegations or conferences: add --replace to delete them first.")
            return {}
        s = time.monotonic()
        from ngoaivu.exchanges import models as m
        tables = [m.DelegationReport.agreements.through, m.DelegationReport.history.model, m.DelegationReport,
                  m.DelegationStop, m.DelegationMember, m.DelegationContact, m.DelegationEvent,
                  m.DelegationStatusChange, Delegation.partners.through, m.ConferenceConsultation.history.model,
                  m.ConferenceConsultation, m.ConferenceStatusChange, Conference.partners.through,
                  Delegation.history.model, Conference.history.model, Delegation, Conference]
        delete_rows(tables)
        print(f"  deleted the exchanges rows in {time.monotonic() - s:.1f} s")
    print("Exchanges (missions, delegations, conferences)…")
    s = time.monotonic()
    counts = gen_exchanges.generate(rng, scale, timezone.localdate(), insert_rows, progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  written in {time.monotonic() - s:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if check:
        s = time.monotonic()
        found = gen_exchanges.differences()
        for line in found[:20]:
            print("   ", line)
        print(f"  kept fields checked in {time.monotonic() - s:.1f} s: {len(found)} differences")
        s = time.monotonic()
        print(f"  exchanges sweep: {sweep()} changes of status in {time.monotonic() - s:.1f} s")
    return counts


def build_coordination(rng, scale, replace=False, check=True):
    """The coordination part: rows, ANALYZE, then the check that each return's kept status is its last
    status change. Returns {table: rows}."""
    from django.db import connection, transaction
    from django.utils import timezone

    import gen_coordination
    from ngoaivu.coordination import models as m
    if m.ReportRequest._base_manager.exists() or m.Directive._base_manager.exists():
        if not replace:
            print("The database already holds report requests or directives: add --replace to delete them first.")
            return {}
        tables = [m.ReturnTransition, m.ReportReturn.history.model, m.ReportReturn, m.ReportRequest.history.model,
                  m.ReportRequest, m.DirectiveReply, m.DirectiveRecipient, m.Directive.history.model, m.Directive]
        delete_rows(tables)
    print("Coordination (report requests and returns, directives)…")
    s = time.monotonic()
    with transaction.atomic():
        counts = gen_coordination.generate(rng, scale, timezone.localdate(), insert_rows, progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  written in {time.monotonic() - s:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if check:
        found = gen_coordination.differences()
        for line in found[:20]:
            print("   ", line)
        print(f"  kept statuses checked: {len(found)} differences")
    return counts


def build_history(rng, scale, replace=False, check=True):
    """The history part (gen_history): a creation row for every measured kind of record and 1–3 edits for
    most. Returns {table: rows}."""
    import gen_history
    from ngoaivu.core.models import User
    tables = gen_history.history_tables()
    if any(t._base_manager.exists() for t in tables):
        if not replace:
            print("The database already holds history rows: add --replace to delete them first.")
            return {}
        delete_rows(tables)
    print("History (creations and edits of the measured records)…")
    s = time.monotonic()
    counts = gen_history.generate(User.objects.filter(username="bench.province").values_list("pk", flat=True).first())
    print(f"  written in {time.monotonic() - s:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    return counts


PARTS = {"exchanges": (build_exchanges, 9), "coordination": (build_coordination, 11), "history": (build_history, 13)}


def rebuild_kept():
    """bulk_create sends no signal: every kept figure (the national summaries, the indicators' yearly totals,
    the lists' counts) is summed here once every part is written, then kept by the sweep and the writes."""
    from django.db import connection

    from ngoaivu.core import summaries
    for keeper in summaries.keepers():
        s = time.monotonic()
        rows = keeper.rebuild()
        print(f"  {getattr(keeper, 'TITLE', keeper.__name__)}: {rows:,} rows in {time.monotonic() - s:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url_arg", nargs="?", metavar="DATABASE_URL")
    parser.add_argument("--database-url")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=sorted(PARTS), help="add only this part to an existing database")
    parser.add_argument("--replace", action="store_true", help="with --only: delete that part's rows first")
    args = parser.parse_args()
    url = args.database_url or args.database_url_arg
    if not url:
        parser.error("give the database URL (DATABASE_URL or --database-url)")
    if url.startswith(("postgres://", "postgresql://")):
        ensure_pg_database(url)  # bench/run on a new machine: the server has only its own databases
    setup(url)
    if args.only:
        t0 = time.monotonic()
        from django.core.management import call_command
        print("Migrating…")
        call_command("migrate", verbosity=0)
        build, seed = PARTS[args.only]
        build(random.Random(args.seed + seed), args.scale, replace=args.replace)
        rebuild_kept()
        settle()
        print(f"Built in {time.monotonic() - t0:.0f} s.")
        return

    from django.core.management import call_command
    from django.db import connection, transaction

    t0 = time.monotonic()
    print("Migrating…")
    call_command("migrate", verbosity=0)
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.countries import VI_NAMES
    from ngoaivu.core.models import Locality, Sector, Unit, User
    from ngoaivu.core.text import build_search_text
    from ngoaivu.implementation.models import Activity, Commitment, Plan
    from ngoaivu.partners.models import Partner, country_search_names

    if Agreement.objects.exists():
        print("The database already holds agreements: drop it to regenerate.")
        settle()
        return
    rng = random.Random(args.seed)
    n_agreements = int(50_000 * args.scale)
    n_commitments = int(250_000 * args.scale)
    n_activities = int(1_000_000 * args.scale)
    today = datetime.date.today()
    localities = list(Locality.objects.current().order_by("code"))
    # Bigger provinces sign more: Hà Nội and TP.HCM about 5×, the merged big ones 2×.
    weights = [5 if l.code in (1, 79) else 2 if l.code in (31, 48, 92, 22, 24, 26, 75) else 1 for l in localities]
    units = {}
    for u in Unit.objects.filter(valid_until__isnull=True, kind="department").values("pk", "locality_id"):
        units.setdefault(u["locality_id"], []).append(u["pk"])
    sectors = list(Sector.objects.values_list("pk", flat=True))

    print("Users for the measurements…")
    from ngoaivu.core import actions as core_actions
    if not User.objects.filter(username="bench.centre").exists():
        core_actions.create_user(username="bench.centre", full_name="Bench centre", password="bench-Password-2026",
                                 kind="centre", role="officer")
        big = Locality.objects.current().get(code=79)
        core_actions.create_user(username="bench.province", full_name="Bench province", password="bench-Password-2026",
                                 kind="locality", role="officer", locality=big)

    print("Partners…")
    codes, cweights = weighted(COUNTRIES)
    partners = []
    for i in range(int(3000 * max(args.scale, 0.05))):
        country = rng.choices(codes, cweights)[0]
        name = f"{rng.choice(PARTNER_PREFIX)} {rng.choice(NAMES)} {i}"
        partners.append(Partner(name=name, name_vi=name, country=country, name_key=name.lower(),
                                search_text=build_search_text([name, VI_NAMES.get(country, "")])))
    Partner.objects.bulk_create(partners, batch_size=2000)
    partners = list(Partner.objects.values_list("pk", "name", "country"))

    print("Agreements…")
    started = time.monotonic()
    Through = Agreement.partners.through
    statuses = [("in_force", 62), ("expired", 14), ("terminated", 6), ("signed", 3), ("proposed", 4),
                ("consulting", 5), ("approved", 2), ("suspended", 1), ("withdrawn", 1), ("refused", 2)]
    svalues, sweights = weighted(statuses)
    batch = 5000
    created = 0
    while created < n_agreements:
        rows, links = [], []
        for _ in range(min(batch, n_agreements - created)):
            locality = rng.choices(localities, weights)[0]
            # Signing dates over 20 years, more in recent years.
            years_ago = min(rng.expovariate(1 / 6), 20)
            signed = today - datetime.timedelta(days=int(years_ago * 365))
            status = rng.choices(svalues, sweights)[0]
            partner = rng.choice(partners)
            topic = rng.choice(TOPICS)
            title = f"Bản ghi nhớ hợp tác {topic} giữa {locality.short_name} và {partner[1]}"
            summary = f"Hợp tác trong lĩnh vực {topic}."
            before_signing = status in ("proposed", "consulting", "approved", "refused")
            # Most provinces report a signing to the Prime Minister and copy the Ministry within the 15 days
            # (Law 70, Art. 28); one in ten never does, and that deadline stays overdue.
            reported = None if before_signing or rng.random() < 0.1 else signed + datetime.timedelta(days=rng.randint(2, 14))
            # A signed agreement names its signers, as a real register does (the open data must leave them out
            # of its search); drawn without the random generator, so the rest of the dataset is unchanged.
            signer = "" if before_signing else SIGNERS[(created + len(rows)) % len(SIGNERS)]
            rows.append(dict(
                locality_id=locality.pk, signatory_locality_id=locality.pk, title=title, form=rng.choice(FORMS),
                status=status,
                signed_on=None if before_signing else signed, in_force_on=None if before_signing else signed,
                expires_on=(signed + datetime.timedelta(days=365 * rng.choice([3, 5, 10]))) if rng.random() < 0.5 else None,
                reported_on=reported, channel="state", summary=summary, signer_vn=signer,
                # As Agreement.built_search_text writes it: what is published, then the signer after the mark.
                search_text=build_search_text([title, summary, partner[1], partner[1],
                                               *country_search_names(partner[2])], [signer])))
            links.append(partner[0])
        with transaction.atomic():
            insert_rows(Agreement, rows)
            # Ids in insertion order: the batch is the last rows written, by this one process.
            ids = list(Agreement.objects.order_by("-pk").values_list("pk", flat=True)[:len(rows)])[::-1]
            insert_rows(Through, [dict(agreement_id=a, partner_id=p) for a, p in zip(ids, links)])
        created += len(rows)
        progress("agreements", created, n_agreements, started)
    agreements = list(Agreement.objects.values_list("pk", "locality_id", "status", "signed_on"))
    signed = [a for a in agreements if a[3] is not None]
    in_force = [a for a in agreements if a[2] == "in_force"]

    print("Plans…")
    started = time.monotonic()
    plans = []
    for pk, _loc, _status, signed_on in in_force:
        if rng.random() < 0.15:
            continue  # never planned: these will be dormant ("ký rồi để đấy")
        first = signed_on.year
        years = list(range(first, today.year + 1))
        for year in years[-3:] if rng.random() < 0.7 else years[-1:]:
            plans.append(dict(agreement_id=pk, year=year, status="approved"))
    for i in range(0, len(plans), 20000):
        with transaction.atomic():
            insert_rows(Plan, plans[i:i + 20000])
        progress("plans", min(i + 20000, len(plans)), len(plans), started)

    folded = {}

    def fold(text):  # the generated texts repeat: fold each once
        if text not in folded:
            folded[text] = build_search_text([text])
        return folded[text]

    print("Commitments…")
    started = time.monotonic()
    cstatus = [("fulfilled", 45), ("in_progress", 25), ("pending", 22), ("waived", 8)]
    cvalues, cweights2 = weighted(cstatus)
    done = 0
    while done < n_commitments:
        rows = []
        for _ in range(min(20000, n_commitments - done)):
            pk, loc, _status, signed_on = rng.choice(signed)
            due = signed_on + datetime.timedelta(days=rng.randint(60, 365 * 4))
            status = rng.choices(cvalues, cweights2)[0]
            text = f"{rng.choice(['Tổ chức', 'Trao đổi', 'Xây dựng', 'Hỗ trợ'])} {rng.choice(TOPICS)} năm {due.year}"
            rows.append(dict(agreement_id=pk, description=text, due_on=due, status=status,
                             responsible_unit_id=rng.choice(units.get(loc, [None])),
                             sector_id=rng.choice(sectors) if sectors else None,
                             fulfilled_on=due if status == "fulfilled" else None,
                             search_text=fold(text)))
        with transaction.atomic():
            insert_rows(Commitment, rows)
        done += len(rows)
        progress("commitments", done, n_commitments, started)

    print("Activities…")
    started = time.monotonic()
    # Most activity goes to a minority of lively agreements; a third of the agreements get none lately.
    lively = [a for a in signed if rng.random() < 0.55]
    done = 0
    while done < n_activities:
        rows = []
        for _ in range(min(25000, n_activities - done)):
            if rng.random() < 0.06:
                pk, loc, signed_on = None, rng.choices(localities, weights)[0].pk, today - datetime.timedelta(days=3650)
            else:
                pk, loc, _status, signed_on = rng.choice(lively)
            span = max((today - signed_on).days, 1)
            day = signed_on + datetime.timedelta(days=int(span * rng.random() ** 0.6))
            kind = rng.choice(ACTIVITY_KINDS)
            title = f"{rng.choice(['Hội đàm', 'Đón đoàn', 'Hội thảo', 'Tập huấn', 'Xúc tiến đầu tư'])} {rng.choice(NAMES)}"
            rows.append(dict(agreement_id=pk, locality_id=loc, kind=kind, title=title, occurred_on=day,
                             people_trained=rng.randint(5, 80) if kind == "training" else None,
                             search_text=fold(title)))
        with transaction.atomic():
            insert_rows(Activity, rows)
        done += len(rows)
        progress("activities", done, n_activities, started)

    store_deadlines(today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_exchanges(rng, args.scale)
    build_coordination(rng, args.scale)
    build_history(rng, args.scale)
    rebuild_kept()
    print("First sweep (gives every agreement its health)…")
    from ngoaivu.implementation.actions import sweep
    s = time.monotonic()
    result = sweep()
    print(f"  {result.checked:,} agreements, {result.changed:,} changes in {time.monotonic() - s:.1f} s")
    settle()
    print(f"Built in {time.monotonic() - t0:.0f} s: {len(agreements):,} agreements ({len(in_force):,} in force), "
          f"{n_commitments:,} commitments, {n_activities:,} activities, {len(plans):,} plans.")


def store_deadlines(today):
    """Each agreement's next deadline and the start of its alert, on its row as the register's actions keep
    them (`actions.rederive`: the copy to the Ministry not sent, the expiry), for the lists and panels that
    read them. The statuses are the generator's, not derived again (that is the sweep's step, measured by
    bench/sweep.py)."""
    from django.db import transaction

    from ngoaivu.agreements.deadlines import compute_deadlines
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.agreements.sweep import FACTS
    from ngoaivu.core.bulk import update_rows
    ids = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    started = time.monotonic()
    for i in range(0, len(ids), 5000):
        rows = []
        for agreement in Agreement.objects.filter(pk__in=ids[i:i + 5000]).only(*FACTS):
            found = compute_deadlines(agreement, [], today)  # the generator writes no opinion requests
            rows.append((agreement.pk, min((d.date for d in found), default=None),
                         min((d.alert_from for d in found), default=None)))
        with transaction.atomic():
            update_rows(Agreement, ["next_due_on", "alert_on"], rows)
        progress("deadlines", min(i + 5000, len(ids)), len(ids), started)


if __name__ == "__main__":
    main()
