"""The fact types of allywatch: frozen records with no I/O and no NLP."""
