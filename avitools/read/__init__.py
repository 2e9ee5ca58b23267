"""Readers: turn a manuscript file into an `Article`."""

from avitools.read.manuscript import read_manuscript

__all__ = ["read_manuscript"]
