"""allocator.cli."""
