"""OGC API – Features: landing page, collections and items, OpenAPI, the items query, schemas."""
