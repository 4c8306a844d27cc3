"""Selectors for assessments, split by topic: `assessment` (the record, its sections, determination and sign-off),
`self_assessment` (the carer's secure link), `timeliness` (waiting times, reviews, transition prompts) and
`counting` (what the KPI measures count)."""
