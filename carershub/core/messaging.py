"""Email sent after a change is committed: one message per person, and a failure never undoes the change."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def email_each_after_commit(subject: str, body: str, addresses: Iterable[str], *, about: str) -> None:
    """Send `subject` and `body` to each address once the transaction commits.

    One message per address, so nobody sees who else was told. Email is not a secure channel: callers name records
    by reference, never a carer. `about` says in the log what could not be sent.
    """
    recipients = [address for address in dict.fromkeys(addresses) if address]
    if recipients:
        transaction.on_commit(lambda: send_each_now(subject, body, recipients, about=about))


def send_each_now(subject: str, body: str, addresses: Iterable[str], *, about: str) -> None:
    """Send now (a scheduled task, already outside any transaction), logging rather than raising on failure."""
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            logger.exception("Could not send an email about %s", about)
