"""inputs.sample."""
