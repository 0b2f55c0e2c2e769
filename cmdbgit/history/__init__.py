"""Git history by document id: which commits changed a document, and how."""
