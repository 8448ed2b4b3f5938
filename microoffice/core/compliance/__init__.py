"""CQC readiness: staff files, training, supervision, the business's own registration and
governance records, and the dashboard and evidence grouped by the five key questions (issue 5)."""
