"""Every change to support plans, direct payments, plan reviews and short breaks, one function each, split by the
step of the plan's life: `plans` (draft, needs, agreement), `budget` (the personal budget and its approval),
`versions` (revision and end), `review_schedule` and `reviews` (Care Act 2014 s.27), `direct_payments` (ss.31-33
and the 2014 Regulations) and `short_breaks`."""
