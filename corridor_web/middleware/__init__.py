"""WSGI and Flask middleware: response cache, CORS, limits and security headers."""
