#!/usr/bin/env bash
# A soak, from a clean clone: bench/soak.sh [--minutes N] (10 by default)
#
# Builds Steward in Release, generates the small council of bench/pages.sh (kept in bench/work/), starts the server on
# 127.0.0.1 and keeps it under moderate load — 10 connections, minute after minute, going round the pages people use
# most and the API — reading the server's memory after each minute. It passes when no request failed (every answer 2xx
# or 3xx, none timed out) and memory is flat: the last minute's resident memory within 20% of the second minute's (the
# first warms up). Results: bench/results/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
minutes=10
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift ;;
    *) echo "usage: bench/soak.sh [--minutes N]" >&2; exit 2 ;;
  esac
  shift
done
work=$root/bench/work
mkdir -p "$work" "$root/bench/results"
out=$root/bench/results/soak.md
port=5182
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
echo "building (Release)"
dotnet build src/Steward -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Steward.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
steward=(dotnet "$root/src/Steward/bin/Release/net10.0/steward.dll")
bench=(dotnet "$root/bench/Steward.Bench/bin/Release/net10.0/Steward.Bench.dll")

db=$work/small.db
[[ -f $db ]] || "${steward[@]}" demo generate --db "$db" --indicators 200 --years 1 --risks 200 --reviews 4 --links 100 --seed 1 >"$work/generate-small.log"
Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  "${steward[@]}" --db "$db" --urls "http://127.0.0.1:$port" >"$work/server-soak.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/sign-in" 2>/dev/null && break; sleep 0.5; done
eval "$("${bench[@]}" prepare "http://127.0.0.1:$port" admin@gen01.example steward-demo-2017)"

pages=("/" "/dashboard" "/indicators/$INDICATOR" "/indicators/$INDICATOR/results/$PERIOD" "/risks" "/risks/$RISK" "/risks/heatmap" "/notices" "/api/v1/rag?period=$PERIOD")
rows=() # minute|path|rps|p95|errors|requests|rss MiB
for ((m = 1; m <= minutes; m++)); do
  path=${pages[$(((m - 1) % ${#pages[@]}))]}
  header="Cookie: $COOKIE"; [[ $path == /api/* ]] && header="Authorization: Bearer $TOKEN"
  line=$(wrk -t2 -c10 -d60s --timeout 30s -s "$root/bench/wrk/report.lua" -H "$header" "http://127.0.0.1:$port$path" | grep '^RESULT' || echo "RESULT 0 0 0 0 1 0")
  read -r _ rps _ p95 _ errors requests <<<"$line"
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server/status")
  rows+=("$m|$path|$rps|$p95|$errors|$requests|$rss")
  printf 'minute %2d  %-40s %8s req/s  p95 %8s ms  errors %s  rss %s MiB\n' "$m" "$path" "$rps" "$p95" "$errors" "$rss"
done

total=0; failed=0
for r in "${rows[@]}"; do IFS='|' read -r -a f <<<"$r"; total=$((total + f[5])); failed=$((failed + f[4])); done
IFS='|' read -r -a second <<<"${rows[$((minutes > 1 ? 1 : 0))]}"
IFS='|' read -r -a last <<<"${rows[$((minutes - 1))]}"
flat=$(awk -v a="${second[6]}" -v b="${last[6]}" 'BEGIN { print (b <= a * 1.2) ? "yes" : "no" }')
{
  echo "# Soak"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/soak.sh --minutes $minutes\` at commit $(git rev-parse --short HEAD)"
  echo "on $(nproc) cores and $(free -g | awk '/Mem:/ {print $2}') GiB of memory ($(uname -m), .NET $(dotnet --version)); the small council"
  echo "(200 indicators × 1 year, 200 risks), 10 connections, one page a minute in turn, the server and wrk on the same machine."
  echo
  echo "**$total requests, $failed failed; resident memory ${second[6]} MiB after the second minute, ${last[6]} MiB after the last: flat: $flat.**"
  echo
  echo "| minute | page | req/s | p95 ms | failed | requests | resident MiB |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for r in "${rows[@]}"; do IFS='|' read -r -a f <<<"$r"; echo "| ${f[0]} | \`${f[1]}\` | ${f[2]} | ${f[3]} | ${f[4]} | ${f[5]} | ${f[6]} |"; done
} >"$out"
echo "written $out"
[[ $failed == 0 && $flat == yes ]]
