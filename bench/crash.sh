#!/usr/bin/env bash
# Crash benchmark: `steward import` of 1,000,000 result rows killed with SIGKILL part-way, at several moments.
#
#   bench/crash.sh
#
# Builds Release, generates council GEN01 (5,000 indicators, a year of history to 2026-09) and the import benchmark's
# results file (bench/make-results.cs), times one whole import, then for each moment (a quarter and half of that time,
# in the pass that checks every row; and once the write-ahead log has passed 1, 40, 100 and 200 MB, in the pass that
# writes) copies the generated database, starts the import, kills it (kill -9) then and checks the database: SQLite's
# integrity check passes and GEN01 holds all 1,000,000 new results or none of them. After the last kill the same
# database takes the whole import. Writes bench/results/crash.md. ROWS changes the size; work files go to
# artifacts/bench/crash/. (CI runs the same check at 60,000 rows: tests/Steward.Tests/Data/CrashTests.cs.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=${ROWS:-1000000}
work="$root/artifacts/bench/crash"
report="$root/bench/results/crash.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v sqlite3 >/dev/null; then
  echo "== installing sqlite3 (to check the database after each kill)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq sqlite3 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
fi

rm -rf "$work"
mkdir -p "$work" "$(dirname "$report")"
echo "== building Release"
dotnet publish src/Steward -c Release -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null
steward="$work/app/steward"

echo "== GEN01 and a results file of $rows rows"
"$steward" demo generate --seed 2026 --indicators 5000 --years 1 --to 2026-09 --risks 0 --reviews 0 --links 0 \
  --db "$work/generated.db" >"$work/generate.txt"
"$steward" export indicators --org GEN01 --db "$work/generated.db" >"$work/indicators.csv"
dotnet run bench/make-results.cs -- "$work/indicators.csv" "$rows" 2025-09 "$work/results.csv"

count() { sqlite3 "$1" "select count(*) from Results where OrganisationId = (select Id from Organisations where Code = 'GEN01')"; }
before=$(count "$work/generated.db")
import() { "$steward" import --org GEN01 --user bench@example.org --db "$1" "$work/results.csv"; }

echo "== one whole import, timed"
cp "$work/generated.db" "$work/whole.db"
start=$(date +%s.%N)
import "$work/whole.db" >"$work/whole.txt"
whole=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
[[ $(count "$work/whole.db") == $((before + rows)) ]] || { echo "the whole import did not write $rows results"; exit 1; }
echo "  $whole s"

lines=()
failed=0
last=
# Moments: part-way through the time a whole import takes (mostly its first pass, which checks every row), and
# once its write-ahead log has grown past a size (its second pass, writing).
for moment in time:25 time:50 wal:1 wal:40 wal:100 wal:200; do
  kind=${moment%%:*}; amount=${moment#*:}
  db="$work/killed-$kind-$amount.db"
  last=$db
  cp "$work/generated.db" "$db"
  import "$db" >"$work/killed-$kind-$amount.txt" 2>&1 &
  pid=$!
  start=$(date +%s.%N)
  if [[ $kind == time ]]; then
    sleep "$(awk -v w="$whole" -v p="$amount" 'BEGIN { printf "%.2f", w * p / 100 }')"
  else
    while kill -0 "$pid" 2>/dev/null && (( $( [[ -f "$db-wal" ]] && stat -c %s "$db-wal" || echo 0) < amount * 1048576 )); do sleep 0.02; done
  fi
  after_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  wal=0
  [[ -f "$db-wal" ]] && wal=$(stat -c %s "$db-wal")
  if kill -9 "$pid" 2>/dev/null; then state="killed"; else state="had finished"; fi
  wait "$pid" 2>/dev/null || true
  integrity=$(sqlite3 "$db" "pragma integrity_check")
  after=$(count "$db")
  case $after in
    "$before") held="none of it" ;;
    $((before + rows))) held="all of it" ;;
    *) held="PART OF IT ($((after - before)) rows)"; failed=1 ;;
  esac
  [[ $integrity == ok ]] || failed=1
  wal_mb=$(awk -v b="$wal" 'BEGIN { printf "%.0f", b / 1048576 }')
  label=$([[ $kind == time ]] && echo "$amount% of the time" || echo "log past $amount MB")
  echo "  $label (after ${after_s} s, write-ahead log ${wal_mb} MB): $state; integrity $integrity; holds $held"
  lines+=("| $label | $after_s s | $wal_mb MB | $state | $integrity | $held |")
done

echo "== the last killed database takes the whole import"
import "$last" >"$work/after.txt"
[[ $(count "$last") == $((before + rows)) ]] && retaken="yes" || { retaken="NO"; failed=1; }

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
memory=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# Crash benchmark"
  echo
  echo "\`bench/crash.sh\`: \`steward import\` of $rows result rows into GEN01 (SQLite), killed with SIGKILL at moments"
  echo "through a whole import ($whole s here: first a pass checking every row, then one writing), each on a fresh copy"
  echo "of the generated database; then SQLite's \`pragma integrity_check\` and a count of GEN01's results ($before before)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}, $memory memory, $(uname -sr)"
  echo
  echo "| killed when | after | write-ahead log | process | integrity | the database holds |"
  echo "| ---: | ---: | ---: | --- | --- | --- |"
  printf '%s\n' "${lines[@]}"
  echo
  echo "The database killed last took the whole import afterwards: $retaken."
} >"$report"
echo "== wrote ${report#"$root"/}"
cat "$report"
exit $failed
