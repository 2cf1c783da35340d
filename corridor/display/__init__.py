"""What every surface shows the same way: the style vocabulary, text, citations and a claim's card."""
