"""briefing: periodic reports on China's space segment as validated data, a terminal app and shell lookups."""

__version__ = "0.1.0"
