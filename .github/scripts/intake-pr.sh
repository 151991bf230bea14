#!/usr/bin/env bash
# Commit the resources.yaml made from issue $ISSUE to the branch intake/issue-$ISSUE and
# open its pull request against $BASE, or update the one already open.
#
#   intake-pr.sh DIR        (DIR: what intake-read.sh left)
#
# Needs `gh` with GH_TOKEN (contents and pull-requests: write) and GH_REPO. Each run
# starts again from $BASE, so an edited issue replaces the branch's earlier commit.
set -euo pipefail

dir=$1
case "${ISSUE:-}" in
  '' | *[!0-9]*) echo "ISSUE is not an issue number" >&2; exit 2 ;;
esac
branch="intake/issue-${ISSUE}"
title=$(head -n 1 "${dir}/title.txt")

cp "${dir}/resources.yaml" resources.yaml
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git switch --quiet -C "$branch"
git add resources.yaml
git commit --quiet -m "$title" -m "From issue #${ISSUE}."
# The token goes to git the way actions/checkout gives it, as an HTTP header, through
# the environment: not in the remote's URL, a file or a command line.
auth=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
GIT_CONFIG_COUNT=1 \
  GIT_CONFIG_KEY_0="http.${GITHUB_SERVER_URL:-https://github.com}/.extraheader" \
  GIT_CONFIG_VALUE_0="AUTHORIZATION: basic ${auth}" \
  git push --quiet --force origin "HEAD:refs/heads/${branch}"

number=$(gh pr list --head "$branch" --state open --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
  gh pr edit "$number" --title "$title" --body-file "${dir}/pull-request.md"
  echo "Updated pull request #${number}."
else
  gh pr create --base "$BASE" --head "$branch" --title "$title" \
    --body-file "${dir}/pull-request.md"
fi
