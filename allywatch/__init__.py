"""allywatch: Indo-Pacific security news as a sourced, checkable knowledge base."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
