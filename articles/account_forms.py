"""The forms of readers' accounts and saved searches.

Sign-in, sign-up and password reset are Django's own forms with the sign-in throttle
(newsarchive/login_throttle.py): failed sign-ins are counted as for the admin, and every
sign-up or reset request is counted the same way, since each sends a mail. A reader's
user name is their e-mail address in lower case, so an address has one account whatever its
case, and the database's unique user name keeps it so when two sign-ups race.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User

from newsarchive.login_throttle import ThrottledSignIn, refuse_too_many

from .models import SavedSearch


def account_name(email: str) -> str:
    """Return the user name of the account for an e-mail address."""
    return email.strip().lower()


class SignInForm(ThrottledSignIn, AuthenticationForm):
    username = forms.EmailField(label="E-mail address", max_length=150)

    def clean_username(self) -> str:
        return account_name(self.cleaned_data["username"])


class SignUpForm(UserCreationForm):
    """An e-mail address and a password twice; the account is inactive until confirmed."""

    email = forms.EmailField(label="E-mail address", max_length=150)

    class Meta:
        model = User
        fields = ("email",)

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = account_name(self.cleaned_data["email"])
        refuse_too_many("signup", email, self.request)
        return email

    def existing_account(self) -> User | None:
        """Return the account that already has this address, or None (after is_valid())."""
        return User.objects.filter(username=self.cleaned_data["email"]).first()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email = self.cleaned_data["email"]
        user.is_active = False  # until the link mailed to the address is followed
        if commit:
            user.save()
        return user


class ResetForm(PasswordResetForm):
    """Django's password reset form, throttled per address and account like sign-in."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = account_name(self.cleaned_data["email"])
        refuse_too_many("reset", email, self.request)
        return email


class SaveSearchForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name this search")


class SavedSearchChangeForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ("name", "alert")
