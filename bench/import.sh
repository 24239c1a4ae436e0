#!/usr/bin/env bash
# Import benchmark: `steward import` of 1,000,000 result rows into a council made by `steward demo generate`.
#
#   bench/import.sh
#
# Builds Release, generates council GEN01 (5,000 indicators, a year of history to 2026-09), writes a results file
# going back month by month from 2025-09 (bench/make-results.cs: the same bytes every run), then times the import
# with /usr/bin/time -v (wall clock, peak resident memory) and writes bench/results/import.md.
# On SQLite always; on PostgreSQL too when BENCH_POSTGRES is a connection string without a database
# ("Host=127.0.0.1;Username=postgres;Password=postgres"): the database steward_bench_import is dropped and made again.
# ROWS, INDICATORS and SEED change the size. Work files go to artifacts/bench/import/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=${ROWS:-1000000}
indicators=${INDICATORS:-5000}
seed=${SEED:-2026}
work="$root/artifacts/bench/import"
report="$root/bench/results/import.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ ! -x /usr/bin/time ]]; then
  echo "== installing time (for /usr/bin/time -v)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

rm -rf "$work"
mkdir -p "$work" "$(dirname "$report")"
echo "== building Release"
dotnet publish src/Steward -c Release -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null
steward="$work/app/steward"

echo "== the results file: $rows rows"
"$steward" demo generate --seed "$seed" --indicators "$indicators" --years 1 --to 2026-09 --risks 0 --reviews 0 --links 0 \
  --db "$work/generate.db" >"$work/generate.txt"
"$steward" export indicators --org GEN01 --db "$work/generate.db" >"$work/indicators.csv"
dotnet run bench/make-results.cs -- "$work/indicators.csv" "$rows" 2025-09 "$work/results.csv"
file_mb=$(awk -v b="$(stat -c %s "$work/results.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
file_sha=$(sha256sum "$work/results.csv" | cut -c1-16)

group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; } # 1000000 → 1,000,000

# run NAME DB: generates the council into DB, imports the file with /usr/bin/time -v, sets seconds, rss_mb, rate.
run() {
  local name=$1 db=$2
  echo "== $name: generating GEN01"
  "$steward" demo generate --seed "$seed" --indicators "$indicators" --years 1 --to 2026-09 --risks 0 --reviews 0 --links 0 \
    --db "$db" >"$work/$name-generate.txt"
  echo "== $name: importing"
  if ! /usr/bin/time -v "$steward" import --org GEN01 --user bench@example.org --db "$db" "$work/results.csv" \
      >"$work/$name-import.txt" 2>"$work/$name-time.txt"; then
    cat "$work/$name-import.txt" "$work/$name-time.txt" | head -20
    echo "$name: the import failed"
    exit 1
  fi
  cat "$work/$name-import.txt"
  if ! grep -q "results: $rows created" "$work/$name-import.txt"; then echo "$name: expected $rows results created"; exit 1; fi
  local wall kb
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/$name-time.txt")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name-time.txt")
  seconds=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }')
  rss_mb=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  rate=$(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
  echo "$name: $seconds s, $rate rows/s, peak RSS $rss_mb MB"
}

run sqlite "$work/steward.db"
sqlite_line="| SQLite | $(group "$rows") | $seconds s | $(group "$rate") | $rss_mb MB |"

pg_line=
if [[ -n ${BENCH_POSTGRES:-} ]]; then
  setting=${BENCH_POSTGRES%;}
  field() { sed -n "s/.*\\b$1=\\([^;]*\\).*/\\1/Ip" <<<"$setting"; }
  host=$(field Host); user=$(field Username); password=$(field Password); port=$(field Port)
  PGPASSWORD=$password psql -q -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d postgres \
    -c "DROP DATABASE IF EXISTS steward_bench_import WITH (FORCE)" >/dev/null
  run postgres "$setting;Database=steward_bench_import"
  pg_line="| PostgreSQL $(PGPASSWORD=$password psql -tA -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -c "show server_version" | cut -d' ' -f1) | $(group "$rows") | $seconds s | $(group "$rate") | $rss_mb MB |"
fi

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
memory=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
{
  echo "# Import benchmark"
  echo
  echo "\`bench/import.sh\`: \`steward import results\` of $(group "$rows") result rows (a ${file_mb} MB file, sha256 ${file_sha}…) into"
  echo "council GEN01 of \`steward demo generate --seed $seed --indicators $indicators --years 1 --to 2026-09\`: every row a new"
  echo "result, going back month by month from 2025-09 for each indicator (monthly, quarterly and annual), half of the"
  echo "percentages as numerator / denominator, 2% with a comment. Release build, one process, timed by \`/usr/bin/time -v\`."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $commit"
  echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}, $memory memory, $(uname -sr)"
  echo "- .NET: $(dotnet --version)"
  echo
  echo "| database | rows | time | rows/s | peak memory (RSS) |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "$sqlite_line"
  [[ -n $pg_line ]] && echo "$pg_line"
  echo
  echo "Time and memory are the whole \`steward import\` process: start-up, both passes over the file (checking, then"
  echo "writing), and the commit."
} >"$report"
echo "== wrote ${report#"$root"/}"
cat "$report"
