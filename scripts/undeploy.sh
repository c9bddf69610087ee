#!/usr/bin/env bash
# Deletes the Monologue relay stack monologue-<stage> and the .monologuerc that pointed at it.
# Usage: scripts/undeploy.sh prod|test      Needs: sam (AWS SAM CLI) with credentials.
set -euo pipefail

usage() {
  echo "usage: $0 prod|test" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
stage=$1
case "$stage" in
  prod | test) ;;
  *) usage ;;
esac

if ! command -v sam >/dev/null 2>&1; then
  echo "error: 'sam' not found on PATH. Install the AWS SAM CLI: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html" >&2
  exit 1
fi

root=$(cd "$(dirname "$0")/.." && pwd)
stack="monologue-$stage"

echo "Deleting stack $stack..."
sam delete --stack-name "$stack" --no-prompts

rc="$root/.monologuerc"
# only when it points at the stage just deleted
if [[ -f "$rc" ]] && grep -q "execute-api[^\"]*/$stage\"" "$rc"; then
  rm -f "$rc"
  echo "Removed $rc"
fi
