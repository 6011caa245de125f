"""allocator.domain."""
