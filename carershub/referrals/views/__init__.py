"""Staff pages for referrals, one module per page or step:

- inbox: the provider's inbox of referrals, filtered and sorted
- detail: a referral, with the forms for deciding on it
- decisions: accepting, rejecting and transferring a referral
- consent: recording the carer's consent to share, or opening their record without it
- merge: merging the carer's record into a likely duplicate (managers)
"""
