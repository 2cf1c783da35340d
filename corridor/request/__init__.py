"""What a caller may ask for (typed query parameters) and the two ways asking can fail."""
