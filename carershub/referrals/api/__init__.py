"""Referrals through the JSON API: the same pathway and rules as the referral pages, for an organisation's key.

- schemas: the request and response bodies, and the list's cursors
- submission: a request body as a referral submission, and where each refused field sits in the body
- endpoints: the router and its operations (make a referral, list them, read one)
"""
