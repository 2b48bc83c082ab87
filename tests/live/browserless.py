"""An editor without a browser: signs in to the admin and saves articles over HTTP.

The change form is read as a browser would (every input, textarea and selected option),
one field is changed, and the whole form is posted back with its CSRF token.
"""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class FormFields(HTMLParser):
    """Collect the fields a browser would submit from the page's article form."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and "__prefix__" not in a["name"]:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and "__prefix__" not in a.get("name", "__prefix__"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and "__prefix__" not in a.get("name", "__prefix__"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


class AdminEditor:
    """One signed-in editor session against a running archive."""

    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def _open(self, path: str, data: list[tuple[str, str]] | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base_url + path)
        return self.opener.open(request, timeout=self.timeout)

    def sign_in(self, username: str, password: str) -> None:
        self._open("/admin/login/").read()
        response = self._open(
            "/admin/login/?next=/admin/",
            [
                ("csrfmiddlewaretoken", self._csrf()),
                ("username", username),
                ("password", password),
                ("next", "/admin/"),
            ],
        )
        if not response.url.endswith("/admin/"):
            raise AssertionError(f"sign-in failed: ended at {response.url}")

    def change_title(self, article_id: int, title: str) -> int:
        """Save the article with a new title through its change form; return the status."""
        path = f"/admin/articles/article/{article_id}/change/"
        parser = FormFields()
        parser.feed(self._open(path).read().decode())
        fields = [(k, v) for k, v in parser.fields if k != "csrfmiddlewaretoken"]
        fields = [(k, title if k == "title" else v) for k, v in fields]
        response = self._open(
            path, [("csrfmiddlewaretoken", self._csrf()), *fields, ("_save", "Save")]
        )
        if not response.url.endswith("/admin/articles/article/"):
            raise AssertionError(f"the save did not go through: ended at {response.url}")
        return response.status
