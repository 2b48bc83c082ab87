"""Every response carries the security headers production relies on."""


def test_pages_send_a_content_security_policy_without_inline_script(client, seed_article):
    for url in ("/", "/search/?q=Zelensky", seed_article.get_absolute_url(), "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]

        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_send_nosniff_referrer_policy_and_frame_denial(client, db):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_an_empty_policy_setting_sends_no_header(client, db, settings):
    settings.CONTENT_SECURITY_POLICY = ""

    assert "Content-Security-Policy" not in client.get("/")
