"""What keeps a large build and `mkdocs serve` fast; PAPERKB_PLAIN_BUILD=1 turns the shortcuts off."""
