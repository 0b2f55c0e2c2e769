"""Everything cmdbgit remembers between runs, in one place: the parse cache (documents by Git
blob id), the verdicts of the document-local layers and the judgement memo — all in one
checksummed container format, in a per-repository folder outside the work tree
(``location``). Sources and the judging code both use it; it imports neither."""
