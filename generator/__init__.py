"""Peer-support directory: turns resources.yaml into a private, fast static site."""

__version__ = "0.1.0"
