"""avitools: the Asian Vision Institute's publication production toolkit."""

__version__ = "0.1.0"
