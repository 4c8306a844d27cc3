"""The kinds of contact and of group every area starts with (issue 14's list). Councils rename, reorder and switch
them off in the admin; `code` never changes, because the KPIs count by it."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# (code, name, counts as 1:1 support, counts as information and advice)
CONTACT_KINDS = [
    ("information_and_advice", "Information and advice", False, True),
    ("emotional_support", "Emotional support", True, False),
    ("specialist_support", "1:1 specialist support", True, False),
    ("counselling", "Counselling", True, False),
    ("advocacy", "Advocacy", True, False),
    ("bereavement_support", "Bereavement support", True, False),
    ("benefits_and_money_advice", "Benefits and money advice", True, True),
    ("employment_support", "Employment support for working carers", True, False),
    ("hospital_liaison", "Hospital liaison", True, False),
    ("digital_skills", "Digital skills", True, False),
    ("signposting", "Signposting", False, True),
]
GROUP_KINDS = [
    ("peer_support", "Peer support group"),
    ("carers_cafe", "Carers' café"),
    ("young_carers_club", "Young carers' club"),
    ("course", "Course"),
    ("holistic_therapies", "Holistic therapies"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    contact_kind = apps.get_model("support", "ContactKind")
    for order, (code, name, one_to_one, advice) in enumerate(CONTACT_KINDS, start=1):
        contact_kind.objects.update_or_create(
            code=code,
            defaults={"name": name, "order": order, "is_one_to_one": one_to_one, "is_information_and_advice": advice},
        )
    group_kind = apps.get_model("support", "GroupKind")
    for order, (code, name) in enumerate(GROUP_KINDS, start=1):
        group_kind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
