"""Loss-free, atomic edits of papers.yaml: new records as text, fields in place, one rename."""
