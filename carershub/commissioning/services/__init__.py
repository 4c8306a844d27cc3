"""Services for commissioning, one module per step: `set_up` (a contract with its lots, partners, funders and pooled
funds), `life_cycle` (status, extension decisions, variations), `demand` (population estimates), `reminders`
(extension decisions falling due) and `monitoring` (KPIs and their targets, figures, quarterly returns, ratings)."""
