#!/usr/bin/env bash
# The step of cmdbgit's GitHub Action (action.yml): run `cmdbgit check`, write the report, the
# SARIF and the JSON into the output folder, append the report to the job summary and set the
# step's outputs. The exit code is check's: 0 pass, 1 new errors, 2 could not judge.
#
# Inputs come from the environment, never from the command line of a workflow expression:
#   CMDBGIT_BASE  the base to compare with (empty: check's own default)
#   CMDBGIT_OUT   the output folder (default cmdbgit-out)
set -uo pipefail

out="${CMDBGIT_OUT:-cmdbgit-out}"
mkdir -p "$out"
args=(check --report "$out/report.md" --sarif "$out/cmdbgit.sarif" --json "$out/check.json")
if [ -n "${CMDBGIT_BASE:-}" ]; then
  args+=(--base "$CMDBGIT_BASE")
fi

status=0
cmdbgit "${args[@]}" || status=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ -f "$out/report.md" ]; then
    cat "$out/report.md" >> "$GITHUB_STEP_SUMMARY"
  else
    echo "cmdbgit check could not judge this change (exit $status): see the log." >> "$GITHUB_STEP_SUMMARY"
  fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "report=$out/report.md"
    echo "sarif=$out/cmdbgit.sarif"
    echo "json=$out/check.json"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
