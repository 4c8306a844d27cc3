"""Pure rules for everyday support: schedules, places at a session. Nothing here imports Django."""
