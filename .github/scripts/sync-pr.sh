#!/usr/bin/env bash
# Keep one pull request carrying the upstream changes `generator sync` made.
#
#   sync-pr.sh SUMMARY_MD
#
# SUMMARY_MD: `python -m generator sync --format markdown` output (the body).
# Run in the checkout sync just edited. Needs `gh` with GH_TOKEN (contents: write,
# pull-requests: write) and GH_REPO. resources.yaml unchanged: an open sync pull
# request is closed (upstream is back to what main has). Otherwise the change is
# committed on top of main to the branch sync/upstream (force-pushed: the branch is
# the robot's; people review and merge it, and edit after merging), and the pull
# request is updated, or opened.
set -euo pipefail

summary=$1
branch="sync/upstream"
title="Sync with upstream lists"
# A pull request body holds 65,536 characters.
max_bytes=60000

number=$(gh pr list --head "$branch" --state open --limit 1 --json number --jq '.[0].number // empty')

if git diff --quiet -- resources.yaml; then
  if [ -n "$number" ]; then
    gh pr close "$number" --delete-branch \
      --comment "The upstream lists match main again; nothing left to merge."
    echo "No upstream changes: closed pull request #${number}."
  else
    echo "No upstream changes."
  fi
  exit 0
fi

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git checkout -q -B "$branch"
git add resources.yaml
git commit -q -m "$title"
# The checkout kept no credentials; the token is handed to this one push only, as an
# HTTP header through the environment (as actions/checkout does), never on a command line.
auth=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader \
  GIT_CONFIG_VALUE_0="AUTHORIZATION: basic ${auth}" \
  git push -q --force origin "HEAD:refs/heads/${branch}"

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  echo "The weekly sync re-imported the upstream lists declared under \`sources:\` in"
  echo "\`resources.yaml\`. Please review each change before merging: nothing is published"
  echo "until a person merges this pull request. To keep a field as edited by hand, list it"
  echo "under that entry's \`curated:\` on main; the next sync leaves it alone."
  echo
  head -c "$max_bytes" "$summary"
  if [ "$(wc -c < "$summary")" -gt "$max_bytes" ]; then
    echo
    echo
    echo "…cut here: run \`python -m generator sync --dry-run\` for the whole list."
  fi
} > "$body"

if [ -n "$number" ]; then
  gh pr edit "$number" --body-file "$body"
  echo "Updated pull request #${number}."
else
  gh pr create --head "$branch" --base main --title "$title" --body-file "$body"
  echo "Opened a pull request."
fi
