"""Procurement pages, split by lifecycle: the arrangement, supplier membership, package requests, contingencies."""
