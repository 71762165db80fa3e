"""medcrm: a command-line personal networking CRM for medical students."""

__version__ = "0.1.0"
