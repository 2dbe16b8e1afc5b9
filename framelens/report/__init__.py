"""Reports: JSON is the source of truth; HTML and Markdown are renderings of it."""

from framelens.report.html import render_html

__all__ = ["render_html"]
