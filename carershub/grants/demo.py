"""The community carers fund: its part of `seed_demo`. Each demo carers' service runs a fund (Coventry's "fund to be
distributed by the provider to help nurture and develop smaller carer groups") with a closed round that has
applications, two panel members' scores, awards, payments and a return, and an open round taking applications.
Written in bulk: nobody did these things, so there is no audit trail to write."""

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.seeding import SeedContext
from carershub.grants.models import (
    Application,
    Award,
    Criterion,
    Fund,
    FundingRound,
    GrantReturn,
    InterestDeclaration,
    PanelMember,
    Payment,
    Score,
)
from carershub.organisations.models import Area, Organisation

# (organisation slug, fund slug, 360Giving prefix, funder's org-id (a made-up charity number))
FUNDS = (
    ("mersey-vale-carers-centre", "mersey-vale-community-carers-fund", "360G-mersevalecarers", "GB-CHC-1999901"),
    ("ribble-moor-carers-trust", "ribble-moor-community-carers-fund", "360G-ribblemoorcarers", "GB-CHC-1999902"),
)
GROUPS = (
    ("Hillside Carers' Coffee Morning", "", "Monthly coffee mornings", Decimal(750)),
    ("Parent Carers Together", "1199001", "Weekend family days", Decimal(1000)),
    ("Memory Café Friends", "", "Dementia-friendly café", Decimal(900)),
    ("Young Carers Allotment Project", "1199002", "Allotment sessions for young carers", Decimal(600)),
    ("Asian Carers Network", "", "Carers' group in community languages", Decimal(1000)),
    ("Men Who Care", "", "Walking group for male carers", Decimal(400)),
    ("Hospice Bereaved Carers Group", "1199003", "Bereavement peer support", Decimal(800)),
    ("Craft and Chat for Carers", "", "Craft materials and room hire", Decimal(350)),
)


def seed(context: SeedContext) -> None:
    if Fund.objects.exists():
        context.log("community carers funds already loaded")
        return
    today = timezone.localdate()
    for organisation_slug, slug, prefix, funder in FUNDS:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        area = organisation.areas.order_by("pk").first() if organisation else None
        panel = list(
            User.objects.filter(
                organisation=organisation, groups__name__in=[Role.MANAGER.value, Role.PRACTITIONER.value]
            )
            .distinct()
            .order_by("pk")[:2]
        )
        if organisation is None or area is None or not panel:
            continue
        fund = Fund.objects.create(
            area=area,
            organisation=organisation,
            name="Community Carers Fund",
            slug=slug,
            identifier_prefix=prefix,
            funder_identifier=funder,
        )
        closed = _round(fund, "Spring round", today - timedelta(days=150), today - timedelta(days=100))
        _round(fund, "Autumn round", today - timedelta(days=10), today + timedelta(days=40))
        members = [
            PanelMember.objects.create(funding_round=closed, user=user, is_moderator=index == 0)
            for index, user in enumerate(panel)
        ]
        awarded = _applications(context, closed, area, [member.user for member in members])
        context.log(f"{fund}: {awarded} awards in the spring round; the autumn round is open")


def _round(fund: Fund, name: str, opens: date, closes: date) -> FundingRound:
    funding_round = FundingRound.objects.create(
        fund=fund,
        name=name,
        budget=Decimal(5000),
        maximum_award=Decimal(1000),
        opens_on=opens,
        closes_on=closes,
        criteria="Small grants (up to £1,000) for community groups that bring carers together, reduce isolation or "
        "give carers a break. Groups must be not for profit and work with carers in the area.",
    )
    Criterion.objects.bulk_create(
        [
            Criterion(funding_round=funding_round, name="Reaches carers", weight=3, order=1),
            Criterion(funding_round=funding_round, name="Led by carers", weight=2, order=2),
            Criterion(funding_round=funding_round, name="Value for money", weight=1, order=3),
        ]
    )
    return funding_round


def _applications(context: SeedContext, funding_round: FundingRound, area: Area, panel: list[User]) -> int:
    rng = context.rng
    criteria = list(funding_round.scoring_criteria.all())
    budget_left = funding_round.budget
    awarded = 0
    for number, (name, charity, title, amount) in enumerate(GROUPS, start=1):
        application = Application.objects.create(
            area=area,
            funding_round=funding_round,
            reference=f"R{funding_round.pk}-{number:04d}",
            submission_key=uuid.UUID(int=rng.getrandbits(128)),
            status=Application.Status.ELIGIBLE,
            organisation_name=name,
            charity_number=charity,
            postcode="MV1 1AA",
            contact_name="Group secretary",
            contact_email=f"group{number}@example.org",
            project_title=title,
            purpose=f"{title}: room hire, refreshments and materials for a year.",
            amount_requested=amount,
            carers_benefiting=rng.randint(8, 60),
            works_in_area=True,
            is_not_for_profit=True,
            submitted_at=timezone.make_aware(datetime.combine(funding_round.opens_on, time(9)))
            + timedelta(days=number),
        )
        for user in panel:
            InterestDeclaration.objects.create(application=application, user=user, has_conflict=False)
            Score.objects.bulk_create(
                Score(application=application, scorer=user, criterion=criterion, score=rng.randint(2, 5))
                for criterion in criteria
            )
        if len(panel) < 2 or amount > budget_left or rng.random() < 0.25:
            application.status = Application.Status.DECLINED
            application.save(update_fields=["status"])
            continue
        award = Award.objects.create(
            application=application,
            amount=amount,
            awarded_on=funding_round.closes_on + timedelta(days=14),
            reasons="Strong reach to carers the service does not otherwise see",
            decided_by=panel[0],
        )
        budget_left -= amount
        application.status = Application.Status.AWARDED
        application.save(update_fields=["status"])
        Payment.objects.create(
            award=award, amount=amount, paid_on=award.awarded_on + timedelta(days=10), reference=f"PAY-{award.pk:05d}"
        )
        if number % 2:
            GrantReturn.objects.create(
                award=award,
                spent=amount - Decimal(rng.randint(0, 50)),
                carers_reached=rng.randint(10, 60),
                what_changed="Carers who had not used any service came regularly and now support each other.",
                received_on=award.awarded_on + timedelta(days=80),
            )
        awarded += 1
    return awarded
