"""allocator.job."""
