"""YAML loading: a fast path for clean files and a located (careful) loader for the rest."""
