"""The data: schema, strict loading, validation, derived indexes, geometry, network, timeline, reload."""
