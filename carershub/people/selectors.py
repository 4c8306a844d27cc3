"""Who may see whose record, finding people, and the facts the rules work on. A record you may not see is a 404,
exactly like a missing one, so that nobody learns a person is known to the service."""

import re
from collections.abc import Collection
from datetime import date

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.request_cache import kept_on
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.selectors import area_ids_of
from carershub.people.models import CaringRelationship, Consent, Involvement, Person, TimelineEntry
from carershub.people.rules import (
    ADULTHOOD,
    CarerFacts,
    RelationshipFacts,
    age_on,
    birth_dates_reaching_age_between,
    is_valid_nhs_number,
    normalise_postcode,
)

# Commissioners see aggregates only; suppliers, administrators and emergency responders have no part in casework
# (emergency responders reach a carer's plan through its emergency card, not the person's record).
PERSON_RECORD_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER})

# Which consents to share name an organisation by its kind (Consent.recipient_kind).
RECIPIENT_KINDS_OF: dict[str, frozenset[str]] = {
    Organisation.Kind.PROVIDER: frozenset({Consent.RecipientKind.PROVIDER}),
    Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE: frozenset({Consent.RecipientKind.COUNCIL}),
    Organisation.Kind.COUNCIL_CHILDRENS_SERVICES: frozenset({Consent.RecipientKind.COUNCIL}),
}

UK_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
PHONE_QUERY = re.compile(r"\+?[\d\s\-()]+")


def gp_practices_for(area: Area) -> QuerySet[GPPractice]:
    """The area's GP practices in use, sorted by name (each once: the list a person's practice is chosen from)."""
    return (
        GPPractice.objects.filter(area=area)
        .filter(Q(disabled_on__isnull=True) | Q(disabled_on__gt=timezone.localdate()))
        .order_by(Lower("name"), "pk")
    )


def schools_for(area: Area) -> QuerySet[School]:
    """The area's schools in use, sorted by name: the list a young carer's school is chosen from."""
    return (
        School.objects.filter(area=area)
        .filter(Q(disabled_on__isnull=True) | Q(disabled_on__gt=timezone.localdate()))
        .order_by(Lower("name"), "pk")
    )


def people_visible_to(user: User) -> QuerySet[Person]:
    """People in the areas of the user's organisation whom it works with. A council keeps the statutory duty for
    every carer in its area (Care Act 2014 s.79), so its staff see everyone there; a provider sees the people it has
    an open involvement with (a referral routed to it, a case), not those it only referred. Only practitioners and
    managers see people at all; merged duplicates are hidden.

    Built once per request (kept on the user object, as `area_ids_of` is, for as long as the user's organisation,
    roles and activity are the same): a page composes it into every list about people, and "My work" built it six
    times. The queryset is lazy and each use copies it, so every use reads the involvements as they are then."""
    if not user.is_authenticated:
        return Person.objects.none()
    key = (user.is_active, user.organisation_id, user.roles)
    return kept_on(user, "_people_visible", lambda: _people_visible_to(user), key=key).all()


def _people_visible_to(user: User) -> QuerySet[Person]:
    access = _access_of(user)
    if access is None:
        return Person.objects.none()
    area_ids, involved = access
    # Subqueries rather than joins: one query, and no duplicate rows when an organisation serves several areas.
    people = Person.objects.filter(area__in=area_ids, merged_into__isnull=True)
    if involved is None:
        return people
    return people.filter(Exists(involved.filter(person=OuterRef("pk"))))


def _access_of(user: User) -> tuple[list[int], QuerySet[Involvement] | None] | None:
    """The one statement of the rule above: None when the user sees nobody; else the areas whose people they may
    see, and (for a provider) the open involvements a person must have with their organisation (None: everyone in
    those areas)."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return None
    if not user.roles & PERSON_RECORD_ROLES:
        return None
    area_ids = area_ids_of(user)
    organisation = user.organisation
    if organisation is None or not organisation.is_active:
        return None  # an organisation that has stopped working here keeps no access
    if organisation.holds_statutory_duty():
        return area_ids, None
    # EXISTS per candidate rather than "id IN (every involvement)": a provider has tens of thousands of
    # involvements at county scale, and a record page or a search looks at a handful of people.
    # Making a referral is not working with the person: the referrer sees its referral and the outcome, not the
    # record (DESIGN.md, Access).
    involved = Involvement.objects.filter(organisation_id=user.organisation_id, ended_at__isnull=True).exclude(
        reason=Involvement.Reason.REFERRER
    )
    # (A merge carries the duplicate's involvements over to the surviving record, so one lookup covers both.)
    return area_ids, involved


def person_is_visible(user: User, person_field: str) -> Q:
    """`people_visible_to` as a condition on rows about a person (the `person_field` foreign key), for lists that
    count thousands of such rows. The same rule, written as side-by-side EXISTS on the row's own key rather than one
    EXISTS over the visible people (whose inner EXISTS PostgreSQL must then evaluate as a unit, reading the whole
    people table at county scale): the planner can check the involvements first, with a hash of them, and look up
    each row's person by primary key."""
    access = _access_of(user)
    if access is None:
        return Q(pk__in=[])
    area_ids, involved = access
    condition = Q(Exists(Person.objects.filter(pk=OuterRef(person_field), area__in=area_ids, merged_into__isnull=True)))
    if involved is not None:
        condition &= Q(Exists(involved.filter(person_id=OuterRef(person_field))))
    return condition


def whose_person_is_visible_to[RowT: Model](
    rows: QuerySet[RowT], user: User, *, person_field: str, annotate_as: str = ""
) -> QuerySet[RowT]:
    """The rows about a person (the `person_field` foreign key) whose record the user may see now: the one visibility
    filter every selector of person-level rows composes, so that when an organisation's work with someone ends its
    staff lose every page about them at once, not only the record (DESIGN.md, Access). With `annotate_as`, every row
    is kept and carries the answer under that name instead."""
    visible = Exists(people_visible_to(user).filter(pk=OuterRef(person_field)))
    if annotate_as:
        annotated: QuerySet[RowT] = rows.annotate(**{annotate_as: visible})
        return annotated
    return rows.filter(visible)


def get_person_for_user(user: User, person_id: int) -> Person:
    """The person if the user may see them; otherwise the same 404 as for someone who does not exist."""
    person = people_visible_to(user).select_related("area", "gp_practice", "school").filter(pk=person_id).first()
    if person is None:
        raise Http404("No person found")
    return person


def search_people(user: User, query: str, *, limit: int = 50) -> list[Person]:
    """People the user may see who match what was typed: an NHS number, a postcode, a date of birth, a phone
    number, or the start of each of their names. One query, however many match."""
    text = query.strip()
    if not text:
        return []
    matching = _search_filter(text)
    if matching is None:
        return []
    people = _with_lower_names(people_visible_to(user)).filter(matching)
    return list(people.order_by("family_name", "given_name", "pk")[:limit])


def _search_filter(text: str) -> Q | None:
    compact = re.sub(r"[\s-]", "", text)  # "943 476 5919" and "943-476-5919" are both written
    if is_valid_nhs_number(compact):
        return Q(nhs_number=compact)
    try:
        return Q(postcode=normalise_postcode(text))
    except ValueError:
        pass
    if UK_DATE.fullmatch(text) or ISO_DATE.fullmatch(text):
        date_of_birth = _parse_date(text)
        return Q(date_of_birth=date_of_birth) if date_of_birth is not None else None
    digits = re.sub(r"\D", "", text)
    if PHONE_QUERY.fullmatch(text) and 10 <= len(digits) <= 13:
        return Q(phone__in=_phone_forms(text, digits))
    return _name_filter(text)


def _parse_date(text: str) -> date | None:
    match = UK_DATE.fullmatch(text) or ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None  # 31/2/2000: shaped like a date but not one, so nobody matches


def _phone_forms(text: str, digits: str) -> list[str]:
    # Phone numbers are stored as normalised by rules.normalise_phone_number: UK numbers in national form with the
    # leading 0, others as + and digits. A search may start with +44, 0044, 44 or 0, or leave the 0 off.
    for prefix in ("0044", "44", "0"):
        if digits.startswith(prefix):
            national = digits[len(prefix) :]
            break
    else:
        national = digits
    forms = [f"0{national}"]
    if text.startswith("+") or digits.startswith("00"):
        forms.append("+" + digits.removeprefix("00"))
    return forms


def _name_filter(text: str) -> Q:
    # Every word must start one of the names. LOWER(name) LIKE 'word%' is the expression the name prefix indexes
    # are built on (migration 0003), so PostgreSQL reads three indexes rather than everyone in the area.
    matching = Q()
    for word in text.lower().split():
        matching &= (
            Q(family_name_lower__startswith=word)
            | Q(given_name_lower__startswith=word)
            | Q(preferred_name_lower__startswith=word)
        )
    return matching


def _with_lower_names(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.alias(
        family_name_lower=Lower("family_name"),
        given_name_lower=Lower("given_name"),
        preferred_name_lower=Lower("preferred_name"),
    )


def find_likely_duplicates(
    area: Area,
    *,
    nhs_number: str = "",
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
) -> list[Person]:
    """People already in the area who are probably the same person: the same NHS number, or the same family name,
    date of birth, postcode and first initial. No access check: intake uses it to avoid creating a duplicate, and
    callers must not show the result to anyone who may not see those people."""
    nhs_number = "".join(nhs_number.split())
    matching = Q(nhs_number=nhs_number) if nhs_number else Q(pk__in=[])
    same_details = _same_details_filter(given_name, family_name, date_of_birth, postcode)
    if same_details is not None:
        matching |= same_details
    if not nhs_number and same_details is None:
        return []
    people = _with_lower_names(Person.objects.filter(area=area, merged_into__isnull=True)).filter(matching)
    return list(people.order_by("family_name", "given_name", "pk"))


def _same_details_filter(given_name: str, family_name: str, date_of_birth: date | None, postcode: str) -> Q | None:
    family_name = family_name.strip()
    if not family_name or date_of_birth is None:
        return None
    try:
        postcode = normalise_postcode(postcode)
    except ValueError:
        return None
    matching = Q(family_name_lower=family_name.lower(), date_of_birth=date_of_birth, postcode=postcode)
    initial = given_name.strip()[:1].lower()
    if initial:
        matching &= Q(given_name_lower__startswith=initial)
    return matching


def has_consent_to_share(person: Person, organisation: Organisation) -> bool:
    """Whether the person agreed, and has not withdrawn, sharing their information with this organisation, named
    or by its kind. Consent recorded on a duplicate merged into the person counts: it is the same human. A child's
    own agreement awaiting a competence judgement does not count yet."""
    recipient = Q(organisation=organisation)
    recipient_kinds = RECIPIENT_KINDS_OF.get(organisation.kind, frozenset())
    if recipient_kinds:
        recipient |= Q(recipient_kind__in=recipient_kinds)
    return (
        Consent.objects.filter(_person_or_merged(person), scope=Consent.Scope.SHARE, withdrawn_at__isnull=True)
        .exclude(given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT)
        .filter(recipient)
        .exists()
    )


def has_consent_to_contact(person: Person, channel: str) -> bool:
    """Whether the person agreed, and has not withdrawn, being contacted by this channel (Consent.Channel)."""
    return (
        Consent.objects.filter(
            _person_or_merged(person), scope=Consent.Scope.CONTACT, channel=channel, withdrawn_at__isnull=True
        )
        .exclude(given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT)
        .exists()
    )


def contact_channels_agreed(person: Person) -> list[str]:
    """How the person (or a merged duplicate) agreed to be contacted, as labels in the order of Consent.Channel."""
    channels = set(
        Consent.objects.filter(_person_or_merged(person), scope=Consent.Scope.CONTACT, withdrawn_at__isnull=True)
        .exclude(given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT)
        .values_list("channel", flat=True)
    )
    return [str(label) for value, label in Consent.Channel.choices if value in channels]


def consents_awaiting_competence_judgement(person: Person) -> list[Consent]:
    """The person's (or a merged duplicate's) active consents given alone under 16 that nobody has judged yet."""
    return list(
        Consent.objects.filter(
            _person_or_merged(person),
            given_by=Consent.GivenBy.PENDING_COMPETENCE_JUDGEMENT,
            withdrawn_at__isnull=True,
        ).order_by("pk")
    )


def merged_into(person: Person) -> list[Person]:
    """The duplicates merged into this record, most recently merged first (each can be separated again)."""
    return list(Person.objects.filter(merged_into=person).order_by("-merged_at", "-pk"))


def same_person_ids(person: Person) -> list[int]:
    """The person's id and the ids of duplicates merged into them: records of the same human.

    A separate, indexed query on purpose: a plain list of ids lets the next query use its person index, while
    "id = x OR id IN (subquery)" makes PostgreSQL scan whole tables (124,000 timeline entries at county scale).
    The answer pinned on this person object by `pin_same_person_ids`, if any, is used instead of asking again."""
    pinned: tuple[int, ...] | None = person.__dict__.get(_PINNED_SAME_PERSON_IDS)
    if pinned is not None:
        return list(pinned)
    return [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]


_PINNED_SAME_PERSON_IDS = "_pinned_same_person_ids"


def pin_same_person_ids(person: Person) -> list[int]:
    """`same_person_ids`, read once and kept on this person object, for a read-only page whose parts each ask (the
    record page and the panels other apps register on it). Only for a request that merges nothing: a merge after
    pinning would not be seen through this object."""
    ids = same_person_ids(person)
    person.__dict__[_PINNED_SAME_PERSON_IDS] = tuple(ids)
    return ids


def _person_or_merged(person: Person, field: str = "person") -> Q:
    return Q(**{f"{field}_id__in": same_person_ids(person)})


def carer_facts(person: Person, *, on: date) -> CarerFacts:
    """What the category rules need about a carer on a day: their age, work, and the caring they have not ended.
    Caring recorded on a duplicate merged into the person counts. One query."""
    relationships = (
        CaringRelationship.objects.filter(_person_or_merged(person, "carer"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .select_related("cared_for")
        .order_by("pk")
    )
    return CarerFacts(
        age=_age_on(person.date_of_birth, on),
        employment_status=person.employment_status,
        relationships=tuple(
            RelationshipFacts(
                cared_for_age=_age_on(relationship.cared_for.date_of_birth, on),
                relationship=relationship.relationship,
                has_parental_responsibility=relationship.has_parental_responsibility,
                is_kinship_care=relationship.is_kinship_care,
                cared_for_has_conditions=relationship.cared_for_is_disabled(),
            )
            for relationship in relationships
        ),
    )


def _age_on(date_of_birth: date | None, on: date) -> int | None:
    if date_of_birth is None or date_of_birth > on:
        return None
    return age_on(date_of_birth, on)


def timeline_for(person: Person) -> QuerySet[TimelineEntry]:
    """The person's story, newest first, including the entries of duplicates merged into them."""
    return (
        TimelineEntry.objects.filter(_person_or_merged(person))
        .select_related("organisation", "actor")
        .order_by("-occurred_at", "-id")
    )


def people_turning_18_between(area: Area, start: date, end: date) -> QuerySet[Person]:
    """People in the area whose 18th birthday falls between the two days, both included, for transition planning
    (Care Act 2014 ss.58-66). No access check: callers decide who sees the list."""
    earliest, latest = birth_dates_reaching_age_between(ADULTHOOD, start, end)
    return Person.objects.filter(
        area=area, merged_into__isnull=True, date_of_birth__gte=earliest, date_of_birth__lte=latest
    ).order_by("date_of_birth", "family_name", "given_name", "pk")


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def involvements_of_providers(provider_ids: Collection[int], *, cases_only: bool = False) -> QuerySet[Involvement]:
    """The providers' involvements with people; with `cases_only`, only open-case ones (support, not a referral)."""
    involvements = Involvement.objects.filter(organisation_id__in=provider_ids)
    if cases_only:
        involvements = involvements.filter(reason=Involvement.Reason.CASE_OPEN)
    return involvements


def merged_people() -> QuerySet[Person]:
    """Duplicate records merged into another (counted once, as the record they were merged into)."""
    return Person.objects.filter(merged_into__isnull=False)


def people_in_areas(area_ids: Collection[int]) -> QuerySet[Person]:
    """People recorded in the areas, each once (merged duplicates left out)."""
    return Person.objects.filter(area_id__in=area_ids, merged_into__isnull=True)
