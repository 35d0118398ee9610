"""History: what changed since a council adopted a release, and the change reports."""
