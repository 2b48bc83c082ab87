"""Readers' accounts: sign up (confirmed by a mailed link), sign in and out, reset a
forgotten password, and delete the account with everything in it.

Sign-in, sign-out and the reset pages are Django's own views with this site's templates
and throttled forms (account_forms.py). A sign-up for an address that has an account mails
its owner instead of saying so on the page, so the form never tells who has an account; for
an address whose account is not confirmed yet, it mails a new confirmation link.
"""

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_POST

from ..account_forms import ResetForm, SignInForm, SignUpForm

sign_in = auth_views.LoginView.as_view(
    template_name="accounts/sign_in.html", authentication_form=SignInForm
)
sign_out = auth_views.LogoutView.as_view()


class _ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/reset.html"
    email_template_name = "accounts/reset_email.txt"
    subject_template_name = "accounts/reset_subject.txt"
    success_url = "/account/reset/sent/"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


reset = _ResetView.as_view()
reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html")
reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/reset_confirm.html", success_url="/account/reset/done/"
)
reset_done = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/reset_done.html")


def sign_up(request):
    form = SignUpForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        existing = form.existing_account()
        if existing is None or not existing.is_active:
            _mail(
                request,
                _unconfirmed(form, existing),
                "accounts/confirm_email.txt",
                "Confirm your account",
            )
        else:
            _mail(request, existing, "accounts/exists_email.txt", "You already have an account")
        return render(request, "accounts/sign_up_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/sign_up.html", {"form": form})


def _unconfirmed(form: SignUpForm, existing: User | None) -> User:
    """Return the new inactive account, or the unconfirmed one for this address with the
    password just chosen: signing up again mails a fresh link (the old one stops working,
    since the token covers the password), so a lost mail never leaves an address stuck."""
    if existing is None:
        return form.save()
    existing.set_password(form.cleaned_data["password1"])
    existing.save(update_fields=["password"])
    return existing


def _mail(request, user: User, template: str, subject: str) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "confirm_url": request.build_absolute_uri(reverse("articles:confirm", args=[uid, token])),
        "sign_in_url": request.build_absolute_uri(reverse("articles:sign_in")),
        "reset_url": request.build_absolute_uri(reverse("articles:reset")),
    }
    send_mail(f"News archive: {subject}", render_to_string(template, context), None, [user.email])


def confirm(request, uidb64, token):
    """Activate the account whose link this is; the link works once (signing in changes
    last_login, which the token covers) and expires after PASSWORD_RESET_TIMEOUT."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64)), is_active=False)
    except (ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/confirm_failed.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    return render(request, "accounts/confirmed.html")


@login_required
def account(request):
    return render(request, "accounts/account.html")


@login_required
@require_POST
def delete_account(request):
    """Delete the reader's account and, by cascade, their saved searches, alerts and
    collections; the password is asked again so that a borrowed session cannot do it."""
    if not request.user.check_password(request.POST.get("password", "")):
        context = {"delete_error": "That is not your password: the account is unchanged."}
        return render(request, "accounts/account.html", context, status=400)
    user = request.user
    logout(request)
    user.delete()
    return redirect("articles:home")
