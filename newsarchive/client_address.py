"""Who is asking: the client's address, taking a proxy's header only from a trusted proxy.

Rate limits and the sign-in throttle count per address, so a forged address is a way round
them. A client can put anything in X-Forwarded-For; each proxy appends the address it got
the request from. So the header is read only when the connection comes from a trusted
proxy, and from the right: the first address that is not itself a trusted proxy is the one
the last trusted proxy saw, which no client can choose. The leftmost entry never counts.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def client_address(request) -> str:
    """Return the client's address as the nearest trusted proxy saw it (else REMOTE_ADDR)."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = settings.CLIENT_ADDRESS_HEADER
    if not header or not _is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted_proxy(hop):
            return hop
    # Every hop is a proxy of ours (or the header is missing): the farthest one is all we know.
    return hops[0] if hops else peer


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
