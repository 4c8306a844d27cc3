"""The KPI library and the figures computed from it.

- `types`: what a definition, a scope and a measure's result are.
- `library_casework`, `library_support`: the definitions, as data (what can be measured, in what unit, which way is
  better); `library` puts them in order and keeps the measure registered for each computed one.
- `figures`: a contract's figures for its KPIs: the measures' results for the contract's scope, cached for
  dashboards, with targets, RAG and suppression applied.

The measures themselves (the counting, one aggregate query each) read several apps' records, so they live in
`carershub.reporting`, which sits above commissioning and registers them here at start-up (ADR 0008).
"""
