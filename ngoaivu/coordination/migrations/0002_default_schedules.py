"""The periodic reports the rules require, with Decree 09/2019's data windows (15/12 of the previous year →
14/12; six-monthly 15/12 → 14/6). The sending deadline and lead time are settings an administrator edits."""
from django.db import migrations

NUMBERS = [
    {"key": "agreements_signed", "label": "Số thỏa thuận quốc tế đã ký trong kỳ", "type": "number", "unit": "thỏa thuận", "source": "agreements_signed"},
    {"key": "activities", "label": "Số hoạt động triển khai thỏa thuận trong kỳ", "type": "number", "unit": "hoạt động", "source": "activities"},
    {"key": "in_force", "label": "Số thỏa thuận đang có hiệu lực", "type": "number", "unit": "thỏa thuận", "source": "in_force"},
    {"key": "dormant", "label": "Số thỏa thuận “ký rồi để đấy”", "type": "number", "unit": "thỏa thuận", "source": "dormant"},
]
EXCHANGES = [
    {"key": "delegations_out", "label": "Số đoàn ra trong kỳ", "type": "number", "unit": "đoàn", "source": "delegations_out"},
    {"key": "delegations_in", "label": "Số đoàn vào trong kỳ", "type": "number", "unit": "đoàn", "source": "delegations_in"},
    {"key": "delegations_in_by_country", "label": "Đoàn vào theo quốc gia", "type": "table", "unit": "", "source": "delegations_in_by_country"},
    {"key": "summary", "label": "Đánh giá chung", "type": "text", "unit": "", "source": ""},
]
SCHEDULES = [
    ("agreements-yearly", "Báo cáo hằng năm về ký kết và thực hiện thỏa thuận quốc tế", "yearly", NUMBERS),
    ("external-affairs-half-yearly", "Báo cáo công tác đối ngoại 6 tháng", "half_yearly", EXCHANGES),
    ("external-affairs-yearly", "Báo cáo công tác đối ngoại năm", "yearly", EXCHANGES),
]


def seed(apps, schema_editor):
    ReportSchedule = apps.get_model("coordination", "ReportSchedule")
    for code, title, frequency, fields in SCHEDULES:
        ReportSchedule.objects.get_or_create(code=code, defaults={
            "title": title, "frequency": frequency, "kind": "structured", "fields": fields})


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
