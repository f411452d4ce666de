"""Authentication with lock-out after repeated failed log-ins."""
from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Refuses a locked account even with the right password, so guessing cannot continue."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)
