"""Bringing a new article in: store it, suggest claims from its sentences, accept the ones a curator keeps."""
