"""Services for commissioning, one module per step: `set_up` (a contract with its lots, partners, funders and pooled
funds), `life_cycle` (status, extension decisions, variations), `demand` (population estimates), `reminders`
(extension decisions falling due), `monitoring` (KPIs and their targets, figures, generating, submitting and
correcting quarterly returns), `reviews` (the commissioner accepts or queries a return), `queries` (the provider
answers a query) and `ratings` (the annual performance rating)."""
