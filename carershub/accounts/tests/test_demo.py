"""The demo accounts seeder on a demo database loaded before: a newly listed account is added, nothing doubles."""

import random

import pytest

from carershub.accounts import demo
from carershub.accounts.models import User
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def _context() -> SeedContext:
    return SeedContext(scale="small", rng=random.Random(2026), log=lambda message: None)


def test_a_demo_account_added_to_the_list_later_is_created_on_the_next_seed() -> None:
    organisations_demo.seed(_context())
    demo.seed(_context())
    newest_email = demo.DEMO_ACCOUNTS[-1][0]
    User.objects.filter(email=newest_email).delete()  # as if the database was seeded before the account was listed
    colleagues = User.objects.filter(is_demo_account=False).count()

    demo.seed(_context())

    assert User.objects.filter(is_demo_account=True).count() == len(demo.DEMO_ACCOUNTS)
    assert User.objects.get(email=newest_email).check_password(demo.DEMO_PASSWORD)
    assert User.objects.filter(is_demo_account=False).count() == colleagues
