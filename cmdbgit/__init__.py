"""cmdbgit — a GitOps CMDB and IT asset management tool.

The inventory is a Git repository of YAML documents; cmdbgit validates it, diffs it,
computes the impact of a change and reports on assets.
"""

__version__ = "0.2.0"

#: Where the project lives: its documentation, releases and GitHub Action. Used by `init`, the
#: SARIF output and the docs.
PROJECT_URL = "https://github.com/cmdbgit/cmdbgit"
