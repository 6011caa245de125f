"""allocator.capacity."""
