"""Slow down password guessing on the admin sign-in, per account and per address."""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from . import ratelimit


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing to check passwords after too many failures."""

    def clean(self):
        account, address = self._counter_names()
        window = settings.LOGIN_LOCKOUT_WINDOW
        for name, limit, whose in (
            (account, settings.LOGIN_FAILURES_PER_ACCOUNT, "for this account"),
            (address, settings.LOGIN_FAILURES_PER_ADDRESS, "from your address"),
        ):
            failures, retry_after = ratelimit.count(name, window)
            if failures >= limit:
                raise ValidationError(
                    f"Too many failed sign-in attempts {whose}. "
                    f"Try again in {_minutes(retry_after)}.",
                    code="throttled",
                )
        try:
            return super().clean()
        except ValidationError:
            ratelimit.hit(account, window)
            ratelimit.hit(address, window)
            raise

    def _counter_names(self) -> tuple[str, str]:
        username = (self.cleaned_data.get("username") or "").strip().lower()
        # Hashed so that odd characters in a typed name make a valid cache key.
        digest = hashlib.sha256(username.encode()).hexdigest()
        return f"login-account:{digest}", f"login-address:{ratelimit.client_address(self.request)}"


def _minutes(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
