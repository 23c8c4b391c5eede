"""Training text written by the Majlis project itself (ours to ship; see ``generate.py``)."""
