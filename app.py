"""Entry point for WSGI servers (`gunicorn 'app:create_app()'`); the app lives in the `corridor_web` package."""

from corridor_web import create_app

__all__ = ["create_app"]
