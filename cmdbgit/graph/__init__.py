"""The dependency graph: failure propagation, impact, recovery order and their drawings."""
