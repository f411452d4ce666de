"""Demo data of implementation tracking: commitments, plans and activities for the demo provinces'
agreements in force, chosen so the demo shows active, at-risk and dormant agreements. Idempotent."""
import datetime

from django.db import transaction

from ngoaivu.implementation.health import add_months


@transaction.atomic
def load_demo():
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.demo import DEMO_PROVINCES
    from ngoaivu.core.models import Unit
    from ngoaivu.implementation import actions
    from ngoaivu.implementation.models import Activity, Commitment, HealthSettings, Plan, PlannedActivity

    HealthSettings.objects.get_or_create(locality=None)
    today = datetime.date.today()
    agreements = list(Agreement.objects.filter(status="in_force", locality__code__in=list(DEMO_PROVINCES))
                      .order_by("pk"))
    for i, agreement in enumerate(agreements):
        if Commitment.objects.filter(agreement=agreement).exists() or Activity.objects.filter(agreement=agreement).exists():
            continue
        soct = Unit.objects.filter(locality_id=agreement.locality_id, name__startswith="Sở Công Thương").first()
        signed = agreement.signed_on or add_months(today, -24)
        pattern = i % 4  # 0, 1 active; 2 at risk (overdue commitment, old activity); 3 dormant (nothing)
        if pattern == 3:
            continue
        for year in sorted({signed.year, today.year}):
            plan, _ = Plan.objects.get_or_create(agreement=agreement, year=year, defaults={"status": "approved"})
            PlannedActivity.objects.get_or_create(plan=plan, title="Trao đổi đoàn công tác",
                                                  defaults={"kind": "delegation",
                                                            "planned_on": datetime.date(year, 9, 15)})
        Commitment.objects.create(agreement=agreement, side="joint", description="Tổ chức hội nghị xúc tiến đầu tư chung",
                                  responsible_unit=soct, due_on=add_months(today, -2 if pattern == 2 else 3))
        Commitment.objects.create(agreement=agreement, side="vn", description="Cử cán bộ tham gia khóa đào tạo ngắn hạn",
                                  recurrence="yearly", due_on=add_months(today, 5), status="in_progress")
        Commitment.objects.create(agreement=agreement, side="partner", description="Cung cấp học bổng cho sinh viên",
                                  due_on=add_months(today, -8), status="fulfilled", fulfilled_on=add_months(today, -9))
        when = add_months(today, -8 if pattern == 2 else -1)
        Activity.objects.create(agreement=agreement, locality_id=agreement.locality_id, kind="meeting",
                                title="Hội đàm về kế hoạch hợp tác", occurred_on=max(when, signed),
                                responsible_unit=soct, participants="Lãnh đạo Sở Ngoại vụ, Sở Công Thương",
                                description="Hai bên thống nhất nội dung hợp tác năm tới.")
        if pattern == 0:
            Activity.objects.create(agreement=agreement, locality_id=agreement.locality_id, kind="training",
                                    title="Khóa tập huấn cho doanh nghiệp", occurred_on=add_months(today, -3),
                                    people_trained=40, responsible_unit=soct)
    actions.sweep()
