"""Daily worklists: touches, SOP journeys, care alerts, opportunities and campaigns under a contact policy."""
