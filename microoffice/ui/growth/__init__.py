"""Grow: capacity, costs, outcomes and the referral profile."""
