"""Every change to the directory, one function each, split by step: `editing` (create, propose, approve, reject,
withdraw, assure, remind), `signposting` (from a carer's record) and `importing` (another Open Referral feed)."""
