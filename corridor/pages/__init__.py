"""Page view-models: one dict per page (the HTML renders it, the .json twin serialises it), briefs."""
