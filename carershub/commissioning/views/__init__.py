"""Views for commissioning, split by topic: `contracts` (contracts, lots, funding, extensions, variations, demand,
open data) and `monitoring` (the KPI library bound to live data, targets, RAG, quarterly returns, ratings,
dashboards)."""
