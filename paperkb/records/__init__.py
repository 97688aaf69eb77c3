"""The records: the model, the YAML reader that keeps positions, the loader, the checker and the Library."""
