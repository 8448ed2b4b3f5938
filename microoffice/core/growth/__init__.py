"""Growing and sustaining the business (issue 8): free capacity, the referral profile, outcomes
over time, the true cost of an hour of care, and the warnings that keep a micro-provider afloat.

Nothing here imports Qt; the Grow page, the CLI (profile, capacity, costs) and the reports all
call these modules.
"""
