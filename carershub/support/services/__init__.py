"""Every state change in everyday support, split by what it is about: `contacts`, `groups`."""
