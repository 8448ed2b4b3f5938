"""Files for other programs: calendars (.ics) and the like."""
