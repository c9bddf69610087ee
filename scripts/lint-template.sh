#!/usr/bin/env bash
# Lints template.yaml with AWS's cfn-lint (the Python tool, whose resource specification knows which Lambda runtimes
# AWS still creates). Any finding, error, warning or informational, fails: silence one only in the template, with a
# one-line reason beside it. Then expands the SAM transform with AWS's own translator (samtranslator, which comes
# with cfn-lint), as `sam deploy` would: a template the translator refuses fails here, not at deploy time.
# Usage: scripts/lint-template.sh            Needs: cfn-lint 1.x on PATH (pip package cfn-lint), python3.
set -euo pipefail

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "error: 'cfn-lint' not found on PATH. Install it with 'pip install cfn-lint' to lint template.yaml." >&2
  exit 1
fi
if ! python3 -c "import samtranslator" >/dev/null 2>&1; then
  echo "error: python3 cannot import samtranslator. It comes with cfn-lint ('pip install cfn-lint')." >&2
  exit 1
fi

cd "$(dirname "$0")/.."
echo "cfn-lint $(cfn-lint --version 2>&1 | sed 's/^cfn-lint //')"
cfn-lint --include-checks I -- template.yaml
echo "template.yaml: cfn-lint found nothing"
resources=$(python3 scripts/sam-expand.py template.yaml | python3 -c "import json,sys; print(len(json.load(sys.stdin)['Resources']))")
echo "template.yaml: the SAM transform expands to ${resources} CloudFormation resources (TemplateExpansionTest checks them)"
