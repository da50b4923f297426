"""imguide: a guide to the Swedish introduction programmes (IM), in the languages families read."""

__version__ = "0.1.0"
