"""allocator.deploy."""
