"""Machine access: JSON records and the OGC API – Features."""
