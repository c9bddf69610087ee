#!/usr/bin/env bash
# Deploys the Monologue relay to AWS (stack monologue-<stage>) and writes .monologuerc with its endpoint and key.
# Usage: scripts/deploy.sh prod|test        Needs: mvn, sam (AWS SAM CLI), aws (AWS CLI) with credentials.
set -euo pipefail

usage() {
  echo "usage: $0 prod|test" >&2
  exit 2
}

require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: '$1' not found on PATH. $2" >&2
    exit 1
  fi
}

[[ $# -eq 1 ]] || usage
stage=$1
case "$stage" in
  prod | test) ;;
  *) usage ;;
esac

require mvn "Install Apache Maven 3.8+."
require sam "Install the AWS SAM CLI: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html"
require aws "Install the AWS CLI v2 and configure credentials (aws configure)."

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stack="monologue-$stage"

echo "Building the Lambda package..."
mvn -B -q -pl relay-aws -am package -DskipTests
# what template.yaml's CodeUri names (a .zip, which `sam build` would also copy as it is)
for code in $(sed -n 's/^ *CodeUri: *//p' template.yaml | sort -u); do
  if [[ ! -f "$code" ]]; then
    echo "error: the build wrote no $code, which template.yaml deploys; see 'mvn -pl relay-aws -am package'." >&2
    exit 1
  fi
done

echo "Deploying stack $stack..."
sam deploy \
  --template-file template.yaml \
  --stack-name "$stack" \
  --parameter-overrides "Stage=$stage" \
  --capabilities CAPABILITY_IAM \
  --resolve-s3 \
  --no-fail-on-empty-changeset \
  --no-confirm-changeset

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

endpoint=$(output WebSocketEndpoint)
key_id=$(output ApiKeyId)
queue_url=$(output IngressQueueUrl)
if [[ -z "$endpoint" || "$endpoint" == "None" || -z "$key_id" || "$key_id" == "None" ]]; then
  echo "error: stack $stack has no WebSocketEndpoint/ApiKeyId outputs; see 'aws cloudformation describe-stacks'." >&2
  exit 1
fi
api_key=$(aws apigateway get-api-key --api-key "$key_id" --include-value --query value --output text)

rc="$root/.monologuerc"
bash "$root/scripts/write-rc.sh" "$endpoint" "$api_key" "$rc"

echo "Relay:       $endpoint"
echo "Queue:       $queue_url"
echo "Credentials: $rc"
