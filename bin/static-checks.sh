#!/usr/bin/env bash
# The static half of `npm test`: the type check (tsc), ESLint and the Prettier check, run at the same time. They are
# independent, and on the 2-core CI machine running them side by side takes the time of the slowest (ESLint, about
# 21 s) instead of the sum (about 34 s). Each one's output is held and printed when all have ended, in a fixed order,
# so a failure reads the same as when they ran one after another; the exit status is 1 when any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

check() {
  local name=$1
  shift
  "$@" >"$out/$name.log" 2>&1
  echo $? >"$out/$name.status"
}

check tsc npx tsc -p . &
check eslint npx eslint . &
check prettier npx prettier --check . &
wait

failed=0
for name in tsc eslint prettier; do
  status=$(cat "$out/$name.status")
  if [ "$status" -eq 0 ]; then
    echo "$name: ok"
  else
    echo "$name: failed (exit $status)"
    cat "$out/$name.log"
    failed=1
  fi
done
exit $failed
