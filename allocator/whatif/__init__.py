"""allocator.whatif."""
