#!/usr/bin/env bash
# Lints template.yaml with AWS's cfn-lint (the Python tool, whose resource specification knows which Lambda runtimes
# AWS still creates). Any finding, error, warning or informational, fails: silence one only in the template, with a
# one-line reason beside it.
# Usage: scripts/lint-template.sh            Needs: cfn-lint 1.x on PATH (pip package cfn-lint).
set -euo pipefail

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "error: 'cfn-lint' not found on PATH. Install it with 'pip install cfn-lint' to lint template.yaml." >&2
  exit 1
fi

cd "$(dirname "$0")/.."
echo "cfn-lint $(cfn-lint --version 2>&1 | sed 's/^cfn-lint //')"
cfn-lint --include-checks I -- template.yaml
echo "template.yaml: cfn-lint found nothing"
