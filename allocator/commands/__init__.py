"""The commands of the ``allocator`` command line, one module per job."""
