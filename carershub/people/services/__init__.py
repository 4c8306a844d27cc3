"""State changes for people, one module per kind of change; each writes its audit event in the same transaction.

- details: registering someone and changing their details (and the checks and messages for them)
- relationships: caring relationships, and correcting what a carer's record says about someone they care for
- consent: consent given and withdrawn, and a young person's competence to consent
- involvement: an organisation starting and stopping work with a person (what lets its staff see the record)
- merges: hiding a duplicate record behind the one it duplicates, and undoing that
- timeline: the lines of a person's story (core.events writes them through `write_timeline_entry`)
"""
