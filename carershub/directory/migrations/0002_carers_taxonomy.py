"""The carers' taxonomy: what a service offers, who it is for, and the condition of the person cared for.

Terms have stable ids (UUID 5 of the code in a namespace of our own), so every deployment publishes the same id for
the same term and other directories can rely on them. Terms are never deleted: switch one off with `disabled_on`.
"""

import uuid

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAMESPACE = uuid.UUID("6d1f7b1e-4c1a-5b0e-9a51-c0a4e7d2f001")

TAXONOMIES = [
    (
        "needs",
        "Carers Hub: what carers need",
        "Kinds of support for unpaid carers (Care Act 2014 s.2 and s.4: prevention, information and advice).",
        [
            (
                "need-information-and-advice",
                "Information and advice",
                "Help to understand caring, rights and what support exists.",
            ),
            (
                "need-emotional-support",
                "Emotional support",
                "Someone to talk to: one-to-one support, counselling, a listening ear.",
            ),
            ("need-breaks", "Breaks from caring", "Short breaks, respite and time for yourself."),
            ("need-groups", "Groups and activities", "Support groups, peer support, social activities and clubs."),
            (
                "need-training",
                "Training and courses",
                "Courses that help with caring: moving and handling, first aid, coping skills.",
            ),
            (
                "need-money-and-benefits",
                "Money and benefits",
                "Carer's Allowance, benefits checks, grants and debt advice.",
            ),
            (
                "need-work",
                "Work and caring",
                "Staying in or returning to work, education or training alongside caring.",
            ),
            (
                "need-young-carers",
                "Young carers' support",
                "Support for children and young people who care for someone.",
            ),
            (
                "need-emergency-planning",
                "Emergency planning",
                "A plan for the person you care for if you suddenly cannot care.",
            ),
            ("need-health", "Your health and wellbeing", "Health checks, wellbeing and looking after yourself."),
            (
                "need-bereavement",
                "Bereavement and life after caring",
                "Support when the person you cared for has died or caring ends.",
            ),
            (
                "need-assessment",
                "Carer's assessment",
                "A conversation about how caring affects you and what would help.",
            ),
            (
                "need-practical-help",
                "Practical help at home",
                "Equipment, adaptations, sitting services and help in the home.",
            ),
        ],
    ),
    (
        "audiences",
        "Carers Hub: who the service is for",
        "The carers a service is meant for.",
        [
            ("for-adult-carers", "Adult carers", "Carers aged 18 and over (Care Act 2014 s.10)."),
            ("for-young-carers", "Young carers", "Carers under 18 (Children Act 1989 s.17ZA)."),
            ("for-young-adult-carers", "Young adult carers", "Carers aged 16 to 25."),
            ("for-parent-carers", "Parent carers", "Parents of a disabled child (Children Act 1989 s.17ZD)."),
            ("for-working-carers", "Working carers", "Carers who work or want to."),
            ("for-former-carers", "Former carers", "People whose caring has ended."),
        ],
    ),
    (
        "conditions",
        "Carers Hub: the condition of the person cared for",
        "Why the person cared for needs help.",
        [
            ("condition-dementia", "Dementia", "Caring for someone living with dementia."),
            ("condition-mental-health", "Mental health", "Caring for someone with a mental health condition."),
            ("condition-learning-disability", "Learning disability", "Caring for someone with a learning disability."),
            ("condition-autism", "Autism", "Caring for someone who is autistic."),
            ("condition-physical-disability", "Physical disability", "Caring for someone with a physical disability."),
            ("condition-long-term-illness", "Long-term illness", "Caring for someone with a long-term illness."),
            ("condition-substance-misuse", "Alcohol or drug use", "Caring for someone who misuses alcohol or drugs."),
            ("condition-end-of-life", "End of life", "Caring for someone at the end of their life."),
            ("condition-frailty", "Frailty and older age", "Caring for someone who is frail or elderly."),
        ],
    ),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    for key, name, description, terms in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"taxonomy:{key}"),
            defaults={"name": name, "description": description, "version": "1"},
        )
        for order, (code, term_name, term_description) in enumerate(terms, start=1):
            TaxonomyTerm.objects.update_or_create(
                id=uuid.uuid5(NAMESPACE, f"term:{code}"),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": term_name,
                    "description": term_description,
                    "order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
