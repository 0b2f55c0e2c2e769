"""The data model: problems, documents, the envelope, config, kinds and relations."""
