#!/usr/bin/env bash
# Keep one open issue listing the entries nobody has confirmed recently.
#
#   stale-issue.sh STALE_TXT STALE_MD
#
# STALE_TXT: `python -m generator stale` output (one line per stale entry);
# STALE_MD:  the same list with `--format markdown`.
# Needs `gh` with GH_TOKEN (issues: write) and GH_REPO; SERVER_URL for the edit link.
# No stale entries: the open issue, if any, is closed. Otherwise it is updated, or opened.
set -euo pipefail

txt=$1
md=$2
title="Entries to re-verify"
# An issue body holds 65,536 characters; a table row is ~100, so 400 rows fit with room.
max_lines=400

count=$(grep -c . "$txt" || true)
number=$(gh issue list --state open --search "\"${title}\" in:title" --limit 100 \
  --json number,title --jq '.[] | select(.title == "Entries to re-verify") | .number' \
  | head -n 1)

if [ "$count" -eq 0 ]; then
  if [ -n "$number" ]; then
    gh issue close "$number" --comment "Every entry has been confirmed recently. Thank you!"
    echo "No stale entries: closed issue #${number}."
  else
    echo "No stale entries."
  fi
  exit 0
fi

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  echo "These entries have not been confirmed by a person recently (or never)."
  echo "People rely on them being right, so please check each one:"
  echo
  echo "1. Contact the group: its website, its phone number, or the local intergroup or service office."
  echo "2. In \`resources.yaml\` set \`verified:\` to the date you confirmed it (YYYY-MM-DD),"
  echo "   fix anything that changed, or set \`status: temporarily-closed\` or \`status: inactive\`."
  echo "3. Open a pull request. [Edit resources.yaml](${SERVER_URL:-https://github.com}/${GH_REPO}/edit/main/resources.yaml);"
  echo "   CONTRIBUTING.md explains each step."
  echo
  echo "This issue is updated every week and closes itself when the list is empty."
  echo
  head -n "$max_lines" "$md"
  total=$(wc -l < "$md")
  if [ "$total" -gt "$max_lines" ]; then
    echo
    echo "…the list goes on: run \`python -m generator stale\` for all ${count} entries."
  fi
} > "$body"

if [ -n "$number" ]; then
  gh issue edit "$number" --body-file "$body"
  echo "Updated issue #${number}: ${count} stale entries."
else
  gh issue create --title "$title" --body-file "$body"
  echo "Opened an issue: ${count} stale entries."
fi
