"""The command line: click groups, one module per command, each thin over the core."""
