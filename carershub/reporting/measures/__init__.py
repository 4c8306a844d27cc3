"""The KPI measures: what the KPI library's computed definitions count, each one aggregate query over any number of
periods (a conditional aggregate per period), never a loop over people, so a county contract's dashboard and
quarterly return stay fast however many carers it supports.

A measure counts for a scope (`commissioning.kpis.types.Scope`): the contract's areas, the providers delivering it
and, for measures read from referrals, the lot's cohorts. Each reads the other apps through their selectors.

- `aggregates`: periods as moments, and the per-period aggregate every measure shares.
- `casework`: carers supported and identified, referrals accepted, GP practices engaged.
- `assessments`: assessments completed and their waits.
- `emergencies`: contingency plans in force, emergency activations and their hours.
- `support_plans`: support plans, direct payments, short breaks, plan reviews, personal budget spend.
- `everyday_support`: contacts and 1:1 support, groups, training, the community carers fund, carer voice.
- `directory`: carers signposted.

Each module's `MEASURES` maps library codes to measures; `ReportingConfig.ready()` registers them.
"""
