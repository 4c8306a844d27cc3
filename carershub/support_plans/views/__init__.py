"""Pages for support plans, plan reviews, direct payments and short breaks, split by topic."""
