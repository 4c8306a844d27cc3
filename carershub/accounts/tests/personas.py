"""Types for the persona fixtures defined in the repository's root conftest.py."""

from collections.abc import Callable

from django.test import Client

from carershub.accounts.models import User

SignIn = Callable[[User], Client]
