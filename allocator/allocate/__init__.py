"""allocator.allocate."""
