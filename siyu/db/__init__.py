"""The app DB: operational state (organisation, staff, users, personas, ...) in SQLAlchemy 2."""
