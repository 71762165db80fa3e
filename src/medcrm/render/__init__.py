"""Turning service results into JSON (``jsonout``, stdlib only) and Rich output (``tables``)."""
