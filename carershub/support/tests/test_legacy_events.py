"""Audit rows written before the app declared its events get their event's code (a data migration)."""

import importlib

from carershub.support.events import SupportEvent

MIGRATION = importlib.import_module("carershub.support.migrations.0005_name_legacy_events")


def test_every_event_recorded_before_is_named_with_a_declared_code() -> None:
    assert {rows.event for rows in MIGRATION.AUDIT} <= set(SupportEvent.values)
    # Each event the app recorded before has its legacy rows listed.
    assert {rows.event for rows in MIGRATION.AUDIT} == set(SupportEvent.values)
