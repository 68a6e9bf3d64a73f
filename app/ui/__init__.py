"""See STYLE.md for what belongs here."""
