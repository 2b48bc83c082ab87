"""Two web nodes sharing one Redis (NEWSARCHIVE_CACHE_URL) share their limits: the 61st search
of a minute across both gets 429, and after five wrong passwords for an account, spread over
both nodes, the sixth attempt is refused on either.

Each node is a copy of the project served by `make serve`, with its own var/ (database, index,
file cache), as on two machines; only Redis is common. A new client address each run (sent
through the proxy header, as behind a load balancer) keeps runs apart on a shared Redis.
"""

import ipaddress
import random
import re
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .. import redis_server
from ..test_env_example import exported
from .site import BASE_DIR, free_port, stop, wait_until_up
from .test_env_example_make import LEFT_OUT, start_make
from .test_production import PRODUCTION_SECRET

EDITOR_PASSWORD = "a-long-editor-password-42"
WRONG = "Please enter the correct username and password"
REFUSED = "Too many failed sign-in attempts from your address. Try again in 15 minutes."


def new_address() -> str:
    """Return an address of the documentation range (2001:db8::/32) no other run uses."""
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | random.getrandbits(96)))


def copy_project(folder):
    shutil.copytree(BASE_DIR, folder, ignore=LEFT_OUT, symlinks=True)
    (folder / ".venv").symlink_to((BASE_DIR / ".venv").resolve())
    return folder


@pytest.fixture(scope="module")
def two_nodes(tmp_path_factory):
    """Serve two copies of the project with `make serve`, sharing one Redis; yield
    (copy, base URL) for each. Both tests use the same two (each with its own address)."""
    tmp_path = tmp_path_factory.mktemp("two-nodes")
    shared = {
        "DJANGO_SECRET_KEY": PRODUCTION_SECRET,
        "NEWSARCHIVE_CACHE_URL": redis_server.require(),
        "NEWSARCHIVE_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
        "WORKERS": "2",
    }
    copies = [copy_project(tmp_path / name) for name in ("node-a", "node-b")]
    ports = [free_port() for _ in copies]
    servers = [
        start_make(copy, "serve", port, **shared) for copy, port in zip(copies, ports, strict=True)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, server in zip(urls, servers, strict=True):
            wait_until_up(url, server, seconds=240)
        yield list(zip(copies, urls, strict=True))
    finally:
        for server in servers:
            stop(server)


def search(url: str, address: str) -> int:
    request = urllib.request.Request(
        f"{url}/search/?q=Zelensky", headers={"X-Forwarded-For": address}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(url: str, username: str, password: str, address: str) -> str:
    """Post the admin's sign-in form as a browser would; return the page it ends on."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    headers = {"X-Forwarded-For": address}
    login = f"{url}/admin/login/?next=/admin/"
    with opener.open(urllib.request.Request(login, headers=headers), timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    data = urllib.parse.urlencode(form).encode()
    with opener.open(urllib.request.Request(login, data, headers), timeout=30) as answer:
        return answer.read().decode()


def test_the_61st_search_of_a_minute_across_two_nodes_gets_429(two_nodes):
    urls = [url for _, url in two_nodes]
    for _ in range(3):  # A run that straddles two minutes counts in two windows: run again.
        if 60 - time.time() % 60 < 20:
            time.sleep(60 - time.time() % 60 + 0.5)
        address, minute = new_address(), time.time() // 60
        first_sixty = [search(urls[n % 2], address) for n in range(60)]
        the_61st, then_the_other = search(urls[0], address), search(urls[1], address)
        if time.time() // 60 == minute:
            break

    assert first_sixty == [200] * 60
    assert (the_61st, then_the_other) == (429, 429)


def test_a_sixth_sign_in_after_five_failures_on_either_node_is_refused_on_both(two_nodes):
    username, address = f"editor{random.getrandbits(32)}", new_address()
    for copy, _ in two_nodes:  # One account on both nodes (each has its own database here).
        created = exported(
            f"{sys.executable} manage.py createsuperuser --no-input --username {username} "
            f"--email {username}@example.org",
            copy,
            DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        )
        assert created.returncode == 0, created.stderr
    (_, a), (_, b) = two_nodes

    failures = [sign_in((a, b)[n % 2], username, "guess", address) for n in range(5)]
    sixth_on_a = sign_in(a, username, "guess", address)
    right_password_on_b = sign_in(b, username, EDITOR_PASSWORD, address)
    from_elsewhere = sign_in(b, username, EDITOR_PASSWORD, new_address())

    assert all(WRONG in page for page in failures)
    assert REFUSED in sixth_on_a
    assert REFUSED in right_password_on_b
    assert "Site administration" in from_elsewhere
