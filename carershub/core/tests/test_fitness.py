"""Fitness checks over every installed model: the tenancy rules hold for tables added by any app."""

from django.apps import apps
from django.db import models

from carershub.core.models import AreaScopedModel
from carershub.people.models import Person


def _refers_to_a_person(model: type[models.Model]) -> bool:
    return any(
        isinstance(field, models.ForeignKey) and field.related_model is Person for field in model._meta.get_fields()
    )


def test_every_table_that_refers_to_a_person_is_scoped_to_an_area() -> None:
    referring = [model for model in apps.get_models() if _refers_to_a_person(model)]

    assert referring, "the people app has models that refer to Person"
    unscoped = [model._meta.label for model in referring if not issubclass(model, AreaScopedModel)]
    assert unscoped == []
