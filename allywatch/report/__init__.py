"""Static reports and the pages shared with the web app: plain data, SVG drawings, Jinja."""
