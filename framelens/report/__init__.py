"""Reports: JSON is the source of truth; HTML and Markdown are renderings of it."""
