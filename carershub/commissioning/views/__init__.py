"""Views for commissioning, split by topic: `contracts` (contracts, lots, funding, extensions, variations, demand,
open data), `monitoring` (dashboards, the KPI library bound to live data, targets, RAG, figures, exports), `returns`
(the provider generates, submits and corrects a quarterly return), `reviews` (the commissioner accepts or queries a
return, and rates the contract year) and `queries` (the provider answers a query)."""
