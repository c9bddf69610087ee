#!/usr/bin/env bash
# Writes a .monologuerc that the Java client and the original JavaScript clients (through the npm rc package) both
# read: the connection flat, and again under "opts" and "config", where the original clients look.
# Usage: scripts/write-rc.sh ENDPOINT API_KEY FILE   (owner-only: the file holds a secret)
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 ENDPOINT API_KEY FILE" >&2
  exit 2
fi
endpoint=$1 api_key=$2 rc=$3

# JSON string escaping for the two characters that can break it; endpoints and API keys hold no control characters.
json() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }
connection="\"endpoint\":$(json "$endpoint"),\"apiKey\":$(json "$api_key")"

umask 077
printf '{%s,"opts":{%s},"config":{%s}}\n' "$connection" "$connection" "$connection" >"$rc.tmp"
chmod 600 "$rc.tmp"
mv "$rc.tmp" "$rc"
