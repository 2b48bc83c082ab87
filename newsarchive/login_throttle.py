"""Slow down password guessing on the sign-in pages (the admin's and the readers')
without locking the real owner out; slow down sign-up and reset mails the same way.

A lock on an account alone is a switch an attacker can flip: five wrong passwords for
`admin` from anywhere would keep the real editor out. So failures are counted in sliding
windows, per account and address together first, and the wider counts (per account from
anywhere, per address across accounts) never apply to an address that has signed in to the
account before. An attacker elsewhere slows only themselves; an editor at their usual desk
is refused only after their own typos. Past a limit a further attempt is allowed as soon as
the oldest failure leaves the window: guessing slows to the limit's pace, it is never shut.
(django-axes locks by account, address or both for a fixed cool-off, with no such exception
for an address the account uses: a guesser could lock the editor out. So it is not used.)

Each failure log is a sequence number and one entry per failure in the shared cache: the
number is taken with the cache's increment (atomic in Redis and in the file cache, cache.py:
racing workers and web nodes never lose a failure), the entry holds the failure's time and
expires with the window. Only the failure `limit` places back decides a refusal, so a check
reads two keys, whatever the limit.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .client_address import client_address

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600


class ThrottledSignIn:
    """Mixed into a sign-in form (the admin's, the readers'): refuse to check passwords after
    too many failures."""

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


class ThrottledAdminAuthenticationForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in form, refusing to check passwords after too many failures."""


def refuse_too_many(kind: str, account: str, request) -> None:
    """Count one more request of `kind` (a sign-up, a password reset) for `account` from the
    request's address, and raise ValidationError past the sign-in limits.

    Every such request counts, like a failed sign-in: each sends a mail, so sending them is
    what is slowed. They are counted apart from sign-ins (their own `kind`), so a flood of
    resets for an address never refuses its owner's sign-in.
    """
    counters = Counters(account, client_address(request), kind=kind)
    refusal = counters.refusal(action="requests")
    if refusal:
        raise ValidationError(refusal, code="throttled")
    counters.record_failure()


class Counters:
    """The failure logs that one sign-in attempt (an account name, an address) is judged by."""

    def __init__(self, username: str, address: str, kind: str = "login"):
        # Hashed so that odd characters in a typed name make a valid cache key.
        account = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        self.pair = f"{kind}-pair:{account}:{address}"
        self.account = f"{kind}-account:{account}"
        self.address = f"{kind}-address:{address}"
        self.known = f"{kind}-known:{account}:{address}"

    def refusal(self, action: str = "failed sign-in attempts") -> str | None:
        """Return why this attempt is refused without checking its password, or None."""
        checks = [(self.pair, settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, "from your address")]
        if not cache.get(self.known):
            checks += [
                (self.account, settings.LOGIN_FAILURES_PER_ACCOUNT, "for this account"),
                (self.address, settings.LOGIN_FAILURES_PER_ADDRESS, "from your address"),
            ]
        now = time.time()
        for key, limit, whence in checks:
            oldest_counted = _failure_time(key, places_back=limit)
            if oldest_counted is not None and oldest_counted > now - settings.LOGIN_WINDOW:
                wait = oldest_counted + settings.LOGIN_WINDOW - now
                return f"Too many {action} {whence}. Try again in {_minutes(wait)}."
        return None

    def record_failure(self) -> None:
        now = time.time()
        for key in (self.pair, self.account, self.address):
            _record(key, now)

    def record_success(self) -> None:
        """Forget this pair's failures and remember the address as one the account uses."""
        cache.delete(self.pair)  # numbering starts again; older entries are overwritten first
        cache.set(self.known, True, timeout=KNOWN_ADDRESS_SECONDS)


def _record(key: str, when: float) -> None:
    """Add a failure at `when` to the log `key`: a new number, then its entry."""
    window = settings.LOGIN_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        number = cache.incr(key)
    except ValueError:  # The log expired between add and incr: this failure starts it again.
        number = 1
        cache.set(key, number, timeout=window)
    cache.set(f"{key}:{number}", when, timeout=window)
    # The number outlives every entry it counts (a file cache's incr also resets its timeout).
    cache.touch(key, window)


def _failure_time(key: str, places_back: int) -> float | None:
    """Return the time of the failure `places_back` from the newest in log `key` (1 is the
    newest), or None when the log has fewer or that entry has expired."""
    newest = cache.get(key)
    if not newest or newest < places_back:
        return None
    return cache.get(f"{key}:{newest - places_back + 1}")


def _minutes(seconds: float) -> str:
    minutes = max(1, -(-int(seconds) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
