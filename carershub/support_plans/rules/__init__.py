"""Pure rules for support plans and direct payments: no Django, tested without a database."""
