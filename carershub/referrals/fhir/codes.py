"""FHIR systems, extensions and the code maps between FHIR and Carers Hub."""

from carershub.referrals.models import Referral

FHIR_JSON = "application/fhir+json"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
CARER_ROLE_SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole"
ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
REFERRAL_SYSTEM = "https://carershub.example/referral"
AREA_EXTENSION = "https://carershub.example/fhir/StructureDefinition/area"
CONSENT_EXTENSION = "https://carershub.example/fhir/StructureDefinition/consent-given-by"
REFERRAL_STATUS_EXTENSION = "https://carershub.example/fhir/StructureDefinition/referral-status"
AREA_EXPRESSION = f"ServiceRequest.extension('{AREA_EXTENSION}')"
CONSENT_EXPRESSION = f"ServiceRequest.extension('{CONSENT_EXTENSION}')"
REQUEST_INTENTS = frozenset(
    {"proposal", "plan", "directive", "order", "original-order", "reflex-order", "filler-order", "instance-order"}
)
URGENCY_OF_PRIORITY = {
    "routine": Referral.Urgency.ROUTINE,
    "urgent": Referral.Urgency.SOON,
    "asap": Referral.Urgency.URGENT,
    "stat": Referral.Urgency.URGENT,
}
PRIORITY_OF_URGENCY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}
STATUS_OF_REFERRAL = {"open": "active", "accepted": "active", "rejected": "revoked", "withdrawn": "revoked"}

# v3-RoleCode family codes say what a RelatedPerson is to their Patient; here, as CaringRelationship.Relationship.
_ROLE_CODES = {
    "spouse_or_partner": "SPS WIFE HUSB DOMPART SIGOTHR",
    "parent": "PRN MTH FTH NPRN NMTH NFTH STPPRN STPMTH STPFTH ADOPTP ADOPTM ADOPTF FTHFOST MTHFOST PRNFOST GESTM",
    "child": "CHILD SON DAU NCHILD SONC DAUC STPCHLD STPSON STPDAU CHLDADOPT SONADOPT DAUADOPT CHLDFOST SONFOST "
    "DAUFOST",
    "sibling": "SIB BRO SIS NSIB NBRO NSIS HSIB HBRO HSIS STPSIB STPBRO STPSIS TWIN TWINBRO TWINSIS",
    "grandparent": "GRPRN GRMTH GRFTH MGRPRN MGRMTH MGRFTH PGRPRN PGRMTH PGRFTH GGRPRN GGRMTH GGRFTH",
    "grandchild": "GRNDCHILD GRNDSON GRNDDAU",
    "other_relative": "FAMMEMB EXT AUNT UNCLE COUSN NIECE NEPHEW NIENEPH INLAW PRNINLAW MTHINLAW FTHINLAW SIBINLAW "
    "BROINLAW SISINLAW CHLDINLAW SONINLAW DAUINLAW FMRSPS",
    "friend": "FRND",
    "neighbour": "NBOR",
}
RELATIONSHIP_OF_ROLE_CODE = {code: relation for relation, codes in _ROLE_CODES.items() for code in codes.split()}
# A carer coded MTH is the cared-for person's mother, so the cared-for person is the carer's child.
SEEN_FROM_THE_OTHER_SIDE = {
    "parent": "child",
    "child": "parent",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
}
# Where each detail of a person sits in a Patient or RelatedPerson, for naming errors.
PERSON_ELEMENTS = {
    "given_name": "name",
    "family_name": "name",
    "date_of_birth": "birthDate",
    "date_of_birth_precision": "birthDate",
    "nhs_number": "identifier",
    "email": "telecom",
    "phone": "telecom",
    "preferred_language": "communication",
} | dict.fromkeys(("address_line_1", "address_line_2", "town", "postcode"), "address")
