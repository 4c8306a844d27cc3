"""Pure rules for the community carers fund: eligibility, weighted scoring, the budget, 360Giving identifiers."""
