"""Care records: care plans, risk, consent and capacity, daily notes, medicines and MAR,
incidents with their notifications, complaints and compliments (issue 5)."""
