"""A third blind judge's labels for forty bugs of the first two independent sets."""
