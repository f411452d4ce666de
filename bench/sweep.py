"""The sweep's worst case: every agreement's health changes at once (as after a change of the national
rules), then the steady state (nothing to change), then the whole `ngoaivu sweep`.

    python bench/sweep.py --database-url sqlite:///bench/var/bench.sqlite3
    python bench/sweep.py --database-url postgres://ngoaivu:ngoaivu@127.0.0.1:5432/ngoaivu_bench

The database comes from bench/generate.py (any --scale). To make every health change, the stored health
of each agreement the health step judges is set to a value the rules never give it ("na" for one in
force, "active" for one that is not), so the step writes one HealthChange row and rewrites one agreement
row per agreement: the bulk writes at their heaviest. The script leaves one extra HealthChange per
agreement behind; run it on a bench database only.
"""
import argparse
import os
import time

from _setup import setup


def timed(label, func):
    """Wall time, and CPU time of this process plus its PostgreSQL backend: on a shared machine the wall
    time grows with the neighbours' load, the CPU time much less."""
    from django.db import connection
    from measure_pages import backend_cpu_ms
    connection.ensure_connection()
    started, cpu, db = time.monotonic(), time.process_time(), backend_cpu_ms(connection)
    result = func()
    seconds = time.monotonic() - started
    cpu, db = time.process_time() - cpu, (backend_cpu_ms(connection) - db) / 1000
    print(f"  {label}: {seconds:.2f} s wall, {cpu + db:.2f} s CPU ({cpu:.2f} app + {db:.2f} database), "
          f"load {os.getloadavg()[0]:.1f}")
    return result, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    setup(args.database_url)

    from django.db.models import Q

    from ngoaivu.agreements.choices import AgreementStatus
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core import sweep
    from ngoaivu.implementation import actions
    from ngoaivu.implementation.models import HealthChange

    judged = Agreement.objects.filter(Q(status=AgreementStatus.IN_FORCE) | ~Q(health="na"))
    print(f"{Agreement.objects.count():,} agreements, {judged.count():,} judged by the health step, "
          f"{HealthChange.objects.count():,} health changes stored")
    timed("health step, steady state (first run settles the data)", lambda: actions.sweep())

    in_force = Agreement.objects.filter(status=AgreementStatus.IN_FORCE)
    others = Agreement.objects.exclude(status=AgreementStatus.IN_FORCE).exclude(health="na")
    forced = in_force.update(health="na") + others.update(health="active")
    # update() bypasses the summaries' bookkeeping (as no action does): sum them again from the forced state.
    from ngoaivu.implementation import summaries
    summaries.rebuild()
    result, seconds = timed(f"health step, every one of {forced:,} agreements changes", lambda: actions.sweep())
    print(f"    {result.changed:,} health changes written, {result.updated:,} agreement rows rewritten; "
          f"{1000 * seconds / max(result.changed, 1):.3f} ms per change")
    result, _s = timed("health step again (nothing to change)", lambda: actions.sweep())
    print(f"    {result.changed} changes")
    # Before the whole sweep: its daily step (core.summaries) would mend what the health step's bulk writes left.
    found, _s = timed("summaries compared with their recomputation", summaries.differences)
    print(f"    {len(found)} differences" + (f": {found[:5]}" if found else ""))
    results, seconds = timed("whole `ngoaivu sweep` (every step; its daily summaries check if not yet run today)",
                             lambda: sweep.run())
    for step in results or []:
        print(f"    {step.name}: {step.report.message} ({step.seconds:.2f} s)")


if __name__ == "__main__":
    main()
