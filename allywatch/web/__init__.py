"""The local web app: every page of the knowledge base with its JSON twin."""
