"""What every job shares: exit codes, the console it reports through, and the job start."""
