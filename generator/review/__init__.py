"""What a reviewer reads: a pull request's change summary, GitHub annotations, the
issue forms."""
