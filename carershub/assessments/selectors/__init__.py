"""Selectors for assessments, split by topic: `assessment` (the record, its sections, determination and sign-off),
`self_assessment` (the carer's secure link) and `timeliness` (waiting times, reviews, transition prompts)."""
