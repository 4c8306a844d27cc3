"""Every change to support plans, direct payments, plan reviews and short breaks, one function each, split by the
step of the plan's life: `plans` (draft, budget, agreement, versions, end), `reviews` (Care Act 2014 s.27),
`direct_payments` (ss.31-33 and the 2014 Regulations) and `short_breaks`."""
