"""Routes by concern; each module holds the pages and the /api endpoints of one concern."""
