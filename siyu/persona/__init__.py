"""Manager personas (人设): completeness checks of the six dimensions, with suggestions."""
