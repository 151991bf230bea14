#!/usr/bin/env bash
# Read the issue form in $GITHUB_EVENT_PATH into resources.yaml and check the result.
#
#   intake-read.sh OUT_DIR
#
# Writes outcome=changed|unchanged|unreadable to $GITHUB_OUTPUT and leaves in OUT_DIR:
#   changed:    resources.yaml, title.txt, pull-request.md (with the change summary)
#   unreadable: comment.md, what the issue's author should fix
#   unchanged:  nothing more (the list already holds what the issue asks)
set -euo pipefail

out=$1
mkdir -p "$out"
cp resources.yaml "${out}/base.yaml"

status=0
.venv/bin/python -m generator from-issue --event "$GITHUB_EVENT_PATH" \
  --into resources.yaml --report "$out" || status=$?
if [ "$status" -eq 1 ]; then
  echo "outcome=unreadable" >> "$GITHUB_OUTPUT"
  exit 0
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi
if cmp -s resources.yaml "${out}/base.yaml"; then
  echo "outcome=unchanged" >> "$GITHUB_OUTPUT"
  exit 0
fi

.venv/bin/python -m generator validate resources.yaml
.venv/bin/python -m generator diff "${out}/base.yaml" resources.yaml --format markdown \
  > "${out}/summary.md"
# A pull request's description holds 65,536 characters; long answers can make the
# summary longer than that.
if [ "$(wc -c < "${out}/summary.md")" -lt 50000 ]; then
  { echo; cat "${out}/summary.md"; } >> "${out}/pull-request.md"
else
  printf '\nThe change summary is too long to show here.\n' \
    >> "${out}/pull-request.md"
fi
cp resources.yaml "${out}/resources.yaml"
echo "outcome=changed" >> "$GITHUB_OUTPUT"
