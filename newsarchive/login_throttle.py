"""Slow down password guessing on the admin sign-in without locking the real editor out.

A lock on an account alone is a switch an attacker can flip: five wrong passwords for
`admin` from anywhere would keep the real editor out. So failures are counted in sliding
windows, per account and address together first, and the wider counts (per account from
anywhere, per address across accounts) never apply to an address that has signed in to the
account before. An attacker elsewhere slows only themselves; an editor at their usual desk
is refused only after their own typos. Past a limit a further attempt is allowed as soon as
the oldest failure leaves the window: guessing slows to the limit's pace, it is never shut.

Counters are lists of failure times in the shared cache. Updates are read, change, write:
two workers racing may lose one failure, which lets a guess or two more through.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .client_address import client_address

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing to check passwords after too many failures."""

    def clean(self):
        counters = Counters(self.cleaned_data.get("username") or "", client_address(self.request))
        refusal = counters.refusal()
        if refusal:
            raise ValidationError(refusal, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            counters.record_failure()
            raise
        counters.record_success()
        return cleaned


class Counters:
    """The failure logs that one sign-in attempt (an account name, an address) is judged by."""

    def __init__(self, username: str, address: str):
        # Hashed so that odd characters in a typed name make a valid cache key.
        account = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        self.pair = f"login-pair:{account}:{address}"
        self.account = f"login-account:{account}"
        self.address = f"login-address:{address}"
        self.known = f"login-known:{account}:{address}"

    def refusal(self) -> str | None:
        """Return why this attempt is refused without checking its password, or None."""
        checks = [(self.pair, settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, "from your address")]
        if not cache.get(self.known):
            checks += [
                (self.account, settings.LOGIN_FAILURES_PER_ACCOUNT, "for this account"),
                (self.address, settings.LOGIN_FAILURES_PER_ADDRESS, "from your address"),
            ]
        now = time.time()
        for key, limit, whence in checks:
            failures = _recent(key, now)
            if len(failures) >= limit:
                wait = failures[-limit] + settings.LOGIN_WINDOW - now
                return f"Too many failed sign-in attempts {whence}. Try again in {_minutes(wait)}."
        return None

    def record_failure(self) -> None:
        now = time.time()
        for key in (self.pair, self.account, self.address):
            failures = [*_recent(key, now), now][-_longest_kept() :]
            cache.set(key, failures, timeout=settings.LOGIN_WINDOW)

    def record_success(self) -> None:
        """Forget this pair's failures and remember the address as one the account uses."""
        cache.delete(self.pair)
        cache.set(self.known, True, timeout=KNOWN_ADDRESS_SECONDS)


def _recent(key: str, now: float) -> list[float]:
    """Return the failure times of `key` still inside the sliding window, oldest first."""
    return [t for t in cache.get(key, []) if t > now - settings.LOGIN_WINDOW]


def _longest_kept() -> int:
    return max(
        settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        settings.LOGIN_FAILURES_PER_ACCOUNT,
        settings.LOGIN_FAILURES_PER_ADDRESS,
    )


def _minutes(seconds: float) -> str:
    minutes = max(1, -(-int(seconds) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
