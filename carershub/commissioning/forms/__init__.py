"""Forms for commissioning: `fields` (shared fields), `set_up` (setting up a contract), `contracts` (extensions,
variations, status and demand figures) and `monitoring` (KPIs and their targets, figures, returns, ratings)."""
