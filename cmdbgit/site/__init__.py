"""``cmdbgit site``: a static catalog of one revision, readable without a terminal.

``data`` gathers what the pages need in one pass over the inventory (reverse references,
relations both ways, problems, file history); ``pages`` renders index, kind and document pages;
``drawing`` lays out a service's dependencies as inline SVG; ``search`` writes the prebuilt
search index; ``build`` writes only the files whose bytes changed and removes stale ones.
"""
