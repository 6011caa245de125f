"""allocator.check."""
