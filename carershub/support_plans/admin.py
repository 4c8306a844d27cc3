"""Support plans, direct payments, plan reviews and short breaks are not in the admin: they hold personal data, so
they are seen through the audited pages and changed only through the services (as contingency plans are)."""
