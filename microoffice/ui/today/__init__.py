"""Today: the morning view of the business and the day's visits."""
