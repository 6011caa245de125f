"""The OMiC allocator: the domain (problem data, OMiC rules, rule table) and the workflows."""

__version__ = "0.1.0"
