"""One trainer per model of saidwhat; each writes where it is told, never into the package unless asked."""
