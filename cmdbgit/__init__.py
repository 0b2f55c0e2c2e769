"""cmdbgit — a GitOps CMDB and IT asset management tool.

The inventory is a Git repository of YAML documents; cmdbgit validates it, diffs it,
computes the impact of a change and reports on assets.
"""

__version__ = "0.1.0"
