"""The `paperkb` subcommands, grouped as the command line groups them, and the site build."""
