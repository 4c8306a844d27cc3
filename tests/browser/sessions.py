"""Signing a browser in through its session cookie, for journeys that are not about signing in.

The pages of signing in (password, then security code, each checked by axe) are walked in test_sign_in_journeys.py
and test_timeout_journeys.py. Every other journey starts already signed in, as after that walk: a session made by
Django's test client, with django-allauth's record that it gave a security code (`record_mfa_passed`), handed to the
browser as its session cookie. That spares each journey three page loads and, now and then, a wait of up to thirty
seconds for an unused security code.
"""

from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from carershub.accounts.middleware import record_mfa_passed
from carershub.accounts.models import User


def give_session_of(context: BrowserContext, base_url: str, user: User) -> None:
    """Make the browser context's session cookie that of `user` signed in with password and security code."""
    client = Client()
    client.force_login(user)
    session = client.session
    record_mfa_passed(session, user)
    session.save()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key or "", "url": base_url}])


def sign_in_by_session(page: Page, base_url: str, user: User) -> None:
    """Sign `user` in on `page` and open the home page, where signing in through the pages ends."""
    give_session_of(page.context, base_url, user)
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
