"""The web shell: every page has the GOV.UK frame, keeps to the Content Security Policy, and says when it is
showing demonstration data."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Organisation

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

PUBLIC_PAGES = ["core:accessibility", "core:privacy", "account_login"]
# GOV.UK page titles are "Page title, en dash, service name".
TITLE_END = " \N{EN DASH} Carers Hub"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """The elements of a rendered page, each with its attributes and all the text inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in {"meta", "link", "input", "img", "br", "hr"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.elements
            if element.tag == tag and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def with_class(self, css_class: str) -> list[Element]:
        return [element for element in self.elements if css_class in element.attrs.get("class", "").split()]

    def title(self) -> str:
        return " ".join(self.all("title")[0].text.split())


def parse(response: "TestResponse") -> Page:
    page = Page()
    page.feed(response.content.decode())
    return page


def csp_nonce(response: "TestResponse") -> str:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, "the CSP header carries no nonce"
    return match.group(1)


def assert_keeps_to_the_content_security_policy(response: "TestResponse") -> None:
    """Scripts come from this site or carry this response's nonce; no inline styles or event handlers at all."""
    page = parse(response)
    nonce = csp_nonce(response)
    scripts = page.all("script")
    inline = [script for script in scripts if "src" not in script.attrs]
    assert inline, "expected GOV.UK's body-class snippet as an inline script"
    assert [script.attrs.get("nonce") for script in inline] == [nonce] * len(inline)
    assert all(script.attrs["src"].startswith("/static/") for script in scripts if "src" in script.attrs)
    assert page.all("style") == []
    assert [element.tag for element in page.elements if "style" in element.attrs] == []
    assert [element.tag for element in page.elements if any(name.startswith("on") for name in element.attrs)] == []


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_have_the_govuk_frame(db: None, client: Client, url_name: str) -> None:
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    page = parse(response)
    assert page.all("html")[0].attrs["lang"] == "en-GB"
    assert page.title().endswith(TITLE_END)
    skip_links = page.with_class("govuk-skip-link")
    assert [(link.attrs["href"], link.text) for link in skip_links] == [("#main-content", "Skip to main content")]
    assert len(page.all("main", id="main-content")) == 1
    assert [" ".join(name.text.split()) for name in page.with_class("govuk-service-navigation__service-name")] == [
        "Carers Hub"
    ]
    footer_links = {link.attrs["href"] for link in page.with_class("govuk-footer__link")}
    assert footer_links == {reverse("identification:start"), reverse("core:accessibility"), reverse("core:privacy")}


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_keep_to_the_content_security_policy(db: None, client: Client, url_name: str) -> None:
    assert_keeps_to_the_content_security_policy(client.get(reverse(url_name)))


def test_pages_never_show_the_crown_or_the_gds_transport_font(db: None, client: Client) -> None:
    page = parse(client.get(reverse("core:accessibility")))

    assert page.with_class("govuk-header") == []
    assert page.with_class("govuk-footer__crown") == []
    assert page.with_class("govuk-footer__copyright-logo") == []
    assert page.with_class("govuk-footer__licence-logo") == []


@pytest.mark.parametrize("url_name", ["core:home", "organisations:list"])
def test_staff_pages_keep_to_the_content_security_policy(administrator: User, sign_in: SignIn, url_name: str) -> None:
    response = sign_in(administrator).get(reverse(url_name))

    assert response.status_code == 200
    assert_keeps_to_the_content_security_policy(response)


@override_settings(DEMO_MODE=True)
def test_the_demonstration_banner_shows_in_demo_mode(db: None, client: Client) -> None:
    page = parse(client.get(reverse("core:privacy")))

    banners = page.with_class("govuk-phase-banner")
    assert len(banners) == 1
    assert "demonstration data" in banners[0].text


@override_settings(DEMO_MODE=False)
def test_the_demonstration_banner_is_absent_outside_demo_mode(db: None, client: Client) -> None:
    response = client.get(reverse("core:privacy"))

    assert parse(response).with_class("govuk-phase-banner") == []
    assert b"demonstration data" not in response.content


def test_anonymous_visitors_to_the_staff_home_page_are_sent_to_sign_in(db: None, client: Client) -> None:
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"


def test_a_missing_page_uses_the_govuk_page_not_found_pattern(db: None, client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.templates[0].name == "core/errors/404.html"
    page = parse(response)
    assert page.title() == f"Page not found{TITLE_END}"
    assert [heading.text for heading in page.all("h1")] == ["Page not found"]
    assert "If you typed the web address, check it is correct." in response.content.decode()


def test_the_server_error_page_renders_without_a_request(db: None) -> None:
    html = render_to_string("core/errors/500.html")

    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "<script" not in html


def test_signed_in_staff_see_their_name_organisation_and_a_sign_out_button(practitioner: User, sign_in: SignIn) -> None:
    response = sign_in(practitioner).get(reverse("core:home"))

    page = parse(response)
    assert " ".join(page.with_class("app-account__name")[0].text.split()) == practitioner.full_name
    assert " ".join(page.with_class("app-account__organisation")[0].text.split()) == "Home Carers Centre"
    sign_out_forms = [form for form in page.all("form") if form.attrs.get("action") == reverse("account_logout")]
    # One in the header, and one in the idle time-out warning (a dialog, shown only when the session is ending).
    assert [(form.attrs["method"], form.attrs.get("class")) for form in sign_out_forms] == [
        ("post", "app-account__form"),
        ("post", "app-timeout-dialog__sign-out"),
    ]
    assert " ".join(sign_out_forms[0].text.split()) == "Sign out"
    assert page.all("button", type="submit", **{"class": "app-link-button"})[0].text == "Sign out"


def test_the_service_navigation_marks_the_current_page(administrator: User, sign_in: SignIn) -> None:
    page = parse(sign_in(administrator).get(reverse("organisations:list")))

    links = page.with_class("govuk-service-navigation__link")
    current = [" ".join(link.text.split()) for link in links if link.attrs.get("aria-current") == "true"]
    assert current == ["Organisations"]


def test_the_sign_in_page_offers_no_way_to_sign_up(db: None, client: Client) -> None:
    response = client.get(reverse("account_login"))

    assert reverse("account_signup").encode() not in response.content
    assert b"sign up" not in response.content.lower()


def test_a_sign_in_with_missing_answers_shows_an_error_summary_linking_to_each_field(db: None, client: Client) -> None:
    response = client.post(reverse("account_login"), {"login": "", "password": ""})

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"Error: Sign in{TITLE_END}"
    summary = page.with_class("govuk-error-summary__list")
    assert len(summary) == 1
    summary_links = [link.attrs["href"] for link in page.all("a") if link.attrs.get("href", "").startswith("#id_")]
    assert summary_links == ["#id_login", "#id_password"]
    for href in summary_links:
        assert len(page.all("input", id=href[1:])) == 1
    assert len(page.with_class("govuk-error-message")) == 2
    assert_keeps_to_the_content_security_policy(response)


def test_a_wrong_password_is_reported_in_the_error_summary(practitioner: User, client: Client) -> None:
    response = client.post(reverse("account_login"), {"login": practitioner.email, "password": "not the password"})

    page = parse(response)
    assert page.title() == f"Error: Sign in{TITLE_END}"
    assert "There is a problem" in page.with_class("govuk-error-summary")[0].text


def test_setting_up_an_authenticator_shows_the_qr_code_and_the_key_as_text(practitioner: User) -> None:
    # Sign-in throttling counts live in the cache, which outlives each test: start from a clean slate.
    cache.clear()
    client = Client()
    client.force_login(practitioner)
    # allauth asks for the password again before security changes, even straight after signing in.
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    page = parse(response)
    assert page.title() == f"Set up two-factor authentication{TITLE_END}"
    assert page.with_class("app-qr-code")[0].attrs["src"].startswith("data:image/svg+xml;base64,")
    key = "".join(page.with_class("app-code")[0].text.split())
    assert key == client.session["mfa.totp.secret"]
    code_input = page.all("input", name="code")[0]
    assert (code_input.attrs["autocomplete"], code_input.attrs["inputmode"]) == ("one-time-code", "numeric")
    assert_keeps_to_the_content_security_policy(response)


def test_the_organisation_page_lists_its_staff_with_their_roles(
    manager: User, practitioner: User, carers_centre: Organisation, sign_in: SignIn
) -> None:
    response = sign_in(manager).get(carers_centre.get_absolute_url())

    page = parse(response)
    assert page.title() == f"Home Carers Centre{TITLE_END}"
    rows = [[" ".join(cell.text.split()) for cell in row] for row in _table_rows(page)]
    assert rows == [
        ["Manager", "Not recorded", "Manager, Practitioner"],
        ["Practitioner", "Not recorded", "Practitioner"],
    ]


def _table_rows(page: Page) -> list[list[Element]]:
    """Cells of each body row of the page's table, in order."""
    rows: list[list[Element]] = []
    in_body = False
    for element in page.elements:
        if element.tag == "tbody":
            in_body = True
        elif in_body and element.tag == "tr":
            rows.append([])
        elif in_body and element.tag in {"th", "td"} and rows:
            rows[-1].append(element)
    return rows


def test_a_password_reset_runs_from_request_to_new_password(practitioner: User, client: Client) -> None:
    cache.clear()
    response = client.post(reverse("account_reset_password"), {"email": practitioner.email}, follow=True)
    assert parse(response).title() == f"Check your email{TITLE_END}"
    (email,) = mail.outbox
    assert email.subject.endswith("Reset your Carers Hub password")
    link = re.search(r"https?://testserver(/\S+)", str(email.body))
    assert link, email.body

    response = client.get(link.group(1), follow=True)
    page = parse(response)
    assert page.title() == f"Choose a new password{TITLE_END}"
    assert [field.attrs["name"] for field in page.all("input", type="password")] == ["password1", "password2"]
    assert_keeps_to_the_content_security_policy(response)

    new_password = "a brand new passphrase 42"
    response = client.post(
        response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}, follow=True
    )
    assert parse(response).title() == f"Your password has been changed{TITLE_END}"
    practitioner.refresh_from_db()
    assert practitioner.check_password(new_password)


def test_an_expired_password_reset_link_says_so(db: None, client: Client) -> None:
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bogus"}))

    assert parse(response).title() == f"Your reset link has expired{TITLE_END}"


def test_the_privacy_notice_claims_no_national_return_the_service_does_not_send(db: None, client: Client) -> None:
    # UK GDPR Articles 13 and 14: a privacy notice tells people what is done with their information. The service
    # does not send the Client Level Data return or the Survey of Adult Carers, so the notice must not say it does.
    text = " ".join(parse(client.get(reverse("core:privacy"))).all("main")[0].text.split())

    assert "Client Level Data" not in text
    assert "Survey of Adult Carers" not in text
    # Support plans and direct payments are recorded (Care Act 2014 ss.24-27, 31-33), so the notice says so.
    assert "support plans" in text
    assert "direct payments" in text


def test_the_readme_lists_what_is_coming_apart_from_what_works() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    opening = readme[: readme.index("## Quick start")]
    works, coming = opening.split("Coming, not built yet:")

    # Built: the README says so. Not built (the national returns): listed as coming, never as working.
    for built in ("support plans", "buying care packages", "Open Referral UK", "360Giving"):
        assert built in works
        assert built not in coming
    for promised in ("Client Level Data", "Survey of Adult Carers"):
        assert promised in coming
        assert promised not in works
