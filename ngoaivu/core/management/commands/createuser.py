"""`ngoaivu createuser`: provision an account with its scope and role (first accounts of a province)."""
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ngoaivu.core import actions
from ngoaivu.core.choices import Role, ScopeKind
from ngoaivu.core.models import Locality, Mission, Unit, User


class Command(BaseCommand):
    help = "Tạo tài khoản với phạm vi và vai trò. Ví dụ: ngoaivu createuser langson.quanly --scope locality --locality 20 --role manager"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=ScopeKind.values, required=True)
        parser.add_argument("--role", choices=Role.values, default=Role.OFFICER)
        parser.add_argument("--locality", type=int, help="mã GSO của tỉnh/thành phố hiện hành (34 đơn vị)")
        parser.add_argument("--unit", type=int, help="id của cơ quan, đơn vị")
        parser.add_argument("--mission", type=int, help="id của cơ quan đại diện")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true")
        parser.add_argument("--password", help="mặc định: hỏi trên dòng lệnh")

    def handle(self, username, scope, role, locality=None, unit=None, mission=None, full_name="", email="",
               superuser=False, password=None, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Tên đăng nhập '{username}' đã tồn tại.")
        try:
            locality_obj = Locality.objects.current().get(code=locality) if scope == ScopeKind.LOCALITY else None
            unit_obj = Unit.objects.get(pk=unit) if scope == ScopeKind.UNIT else None
            mission_obj = Mission.objects.get(pk=mission) if scope == ScopeKind.MISSION else None
        except (Locality.DoesNotExist, Unit.DoesNotExist, Mission.DoesNotExist):
            raise CommandError("Không tìm thấy tỉnh/đơn vị/cơ quan đại diện đã chỉ định (--locality/--unit/--mission).")
        if password is None:
            password = getpass.getpass("Mật khẩu: ")
        from django.contrib.auth.password_validation import validate_password
        try:
            validate_password(password, User(username=username, full_name=full_name))
            user = actions.create_user(username=username, full_name=full_name, email=email, password=password,
                                       kind=scope, role=role, locality=locality_obj, unit=unit_obj,
                                       mission=mission_obj, is_superuser=superuser)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages))
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {user.username}: {user.memberships.first()}"))
