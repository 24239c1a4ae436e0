#!/usr/bin/env bash
# Pages under load, from a clean clone: bench/pages.sh [--postgres] [--seconds N]
#
# Builds Steward in Release, generates councils with `steward demo generate` (kept in bench/work/ between runs), starts
# the server on 127.0.0.1, signs in, and loads each page with wrk at 1, 10 and 50 connections. In the same run it
# fetches the dashboard's and register's rows by hand-written SQL (the floor), changes the council's tolerance and times
# the first pages after it, and reads the server's peak memory. Results: bench/results/pages-sqlite.md (or
# pages-postgres.md with --postgres, which starts the machine's PostgreSQL if it is not running).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
provider=sqlite
seconds=10
while (($#)); do
  case $1 in
    --postgres) provider=postgres ;;
    --seconds) seconds=$2; shift ;;
    *) echo "usage: bench/pages.sh [--postgres] [--seconds N]" >&2; exit 2 ;;
  esac
  shift
done
work=$root/bench/work
mkdir -p "$work" "$root/bench/results"
out=$root/bench/results/pages-$provider.md
port=5181
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# --- tools -------------------------------------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
[[ $provider == postgres ]] && ! command -v pg_ctlcluster >/dev/null && need+=(postgresql)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "building (Release)"
dotnet build src/Steward -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Steward.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
steward=(dotnet "$root/src/Steward/bin/Release/net10.0/steward.dll")
bench=(dotnet "$root/bench/Steward.Bench/bin/Release/net10.0/Steward.Bench.dll")

if [[ $provider == postgres ]]; then
  pgver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | awk '{print $4}' | grep -q online || pg_ctlcluster "$pgver" main start
  for _ in $(seq 1 30); do su postgres -c "pg_isready -q -h 127.0.0.1" && break; sleep 1; done
  su postgres -c "psql -q -c \"alter user postgres password 'postgres'\"" >/dev/null
  pgconn() { echo "Host=127.0.0.1;Username=postgres;Password=postgres;Database=$1"; }
fi

# --- councils ----------------------------------------------------------------------------------------------------------
# name, then `demo generate` options. Small and large are the issue's two sizes; on PostgreSQL, a shared service of
# 20 councils stands in for the small one.
declare -A sizes=(
  [small]="--indicators 200 --years 1 --risks 200 --reviews 4 --links 100"
  [large]="--indicators 2000 --years 10 --risks 2000 --reviews 4 --links 1000"
  [shared]="--orgs 20 --indicators 200 --years 5 --risks 200 --reviews 4 --links 100"
)
if [[ $provider == postgres ]]; then configs=(shared large); else configs=(small large); fi

database() { # config → the --db value
  if [[ $provider == postgres ]]; then pgconn "steward_bench_$1"; else echo "$work/$1.db"; fi
}

generate() { # config
  local db; db=$(database "$1")
  if [[ $provider == postgres ]]; then
    if su postgres -c "psql -tAc \"select 1 from pg_database where datname='steward_bench_$1'\"" | grep -q 1; then return; fi
  elif [[ -f $db ]]; then return; fi
  echo "generating $1 (${sizes[$1]})"
  # shellcheck disable=SC2086
  "${steward[@]}" demo generate --db "$db" ${sizes[$1]} --seed 1 >"$work/generate-$1.log"
}

server_pid=
start_server() { # config
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    "${steward[@]}" --db "$(database "$1")" --urls "http://127.0.0.1:$port" >"$work/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/sign-in" 2>/dev/null && return; sleep 0.5; done
  echo "the server did not start: see $work/server-$1.log" >&2; exit 1
}
stop_server() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=; }
trap stop_server EXIT

rows=()     # config|page|connections|rps|p50|p95|p99|errors|requests
memory=()   # config|peak MiB
tolerance=() # config|step|ms
load() { # config, label, path, connections, [header]
  local threads=2; (($4 == 1)) && threads=1
  local line
  line=$(wrk -t"$threads" -c"$4" -d"${seconds}s" --timeout 30s -s "$root/bench/wrk/report.lua" -H "${5:-Cookie: $COOKIE}" \
    "http://127.0.0.1:$port$3" | grep '^RESULT' || echo "RESULT 0 0 0 0 1 0")
  read -r _ rps p50 p95 p99 errors requests <<<"$line"
  rows+=("$1|$2|$4|$rps|$p50|$p95|$p99|$errors|$requests")
  printf '  %-28s c=%-3s %8s req/s  p50 %8s  p95 %8s  p99 %8s ms  errors %s\n' "$2" "$4" "$rps" "$p50" "$p95" "$p99" "$errors"
}

for config in "${configs[@]}"; do
  generate "$config"
  start_server "$config"
  eval "$("${bench[@]}" prepare "http://127.0.0.1:$port" admin@gen01.example steward-demo-2017)"
  pages=(
    "home|/"
    "dashboard|/dashboard"
    "dashboard, one service|/dashboard?service=$SERVICE"
    "dashboard, exceptions only|/dashboard?exceptions=true"
    "report card|/indicators/$INDICATOR"
    "data entry|/indicators/$INDICATOR/results/$PERIOD"
    "risk register|/risks"
    "a risk|/risks/$RISK"
    "heat map|/risks/heatmap"
    "exception report|/risks/exceptions"
  )
  echo "$config: pages"
  for entry in "${pages[@]}"; do
    label=${entry%%|*}; path=${entry#*|}
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$port$path")
    [[ $status == 200 ]] || { echo "$path answered $status, not 200" >&2; exit 1; }
    for c in 1 10 50; do load "$config" "$label" "$path" "$c"; done
  done
  for c in 1 10 50; do load "$config" "/api/v1/rag" "/api/v1/rag?period=$PERIOD" "$c" "Authorization: Bearer $TOKEN"; done
  memory+=("$config|$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")")
  echo "$config: the floor (hand-written SQL)"
  for c in 1 10 50; do
    while read -r name rps p50 p95 p99 requests; do
      rows+=("$config|$name|$c|$rps|$p50|$p95|$p99|0|$requests")
      printf '  %-28s c=%-3s %8s req/s  p50 %8s  p95 %8s  p99 %8s ms\n' "$name" "$c" "$rps" "$p50" "$p95" "$p99"
    done < <("${bench[@]}" floor "$(database "$config")" GEN01 "$c" "$seconds")
  done
  echo "$config: tolerance change"
  while read -r step ms; do tolerance+=("$config|$step|$ms"); echo "  $step $ms ms"; done \
    < <("${bench[@]}" tolerance "http://127.0.0.1:$port" admin@gen01.example steward-demo-2017)
  stop_server
done

# --- results -----------------------------------------------------------------------------------------------------------
value() { # config, page, connections, field (4 rps, 5 p50, 6 p95, 7 p99)
  local r
  for r in "${rows[@]}"; do
    IFS='|' read -r -a f <<<"$r"
    [[ ${f[0]} == "$1" && ${f[1]} == "$2" && ${f[2]} == "$3" ]] && { echo "${f[$4 - 1]}"; return; }
  done
  echo 0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
small=${configs[0]}
{
  echo "# Pages under load ($provider)"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/pages.sh$([[ $provider == postgres ]] && echo ' --postgres')\` at commit $(git rev-parse --short HEAD)"
  echo "on $(nproc) cores and $(free -g | awk '/Mem:/ {print $2}') GiB of memory ($(uname -m), .NET $(dotnet --version)); wrk for ${seconds} s per line,"
  echo "the server and wrk on the same machine. Councils from \`steward demo generate --seed 1\`:"
  echo
  for config in "${configs[@]}"; do echo "- **$config**: ${sizes[$config]}"; done
  echo
  for config in "${configs[@]}"; do
    echo "## $config"
    echo
    echo "| page | connections | req/s | p50 ms | p95 ms | p99 ms | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for r in "${rows[@]}"; do
      IFS='|' read -r -a f <<<"$r"
      [[ ${f[0]} == "$config" ]] && echo "| ${f[1]} | ${f[2]} | ${f[3]} | ${f[4]} | ${f[5]} | ${f[6]} | ${f[7]} |"
    done
    echo
  done
  echo "## Large against $small (p50 at 1 connection; the target is 2× or less)"
  echo
  echo "| page | $small p50 ms | large p50 ms | large ÷ $small |"
  echo "|---|---:|---:|---:|"
  for page in "report card" "dashboard" "risk register" "heat map"; do
    a=$(value "$small" "$page" 1 5); b=$(value large "$page" 1 5)
    echo "| $page | $a | $b | $(ratio "$b" "$a") |"
  done
  echo
  echo "## Pages against their SQL (req/s of the hand-written SQL ÷ req/s of the page; the target is 3× or less)"
  echo
  echo "| council | page | 1 connection | 10 connections | 50 connections |"
  echo "|---|---|---:|---:|---:|"
  for config in "${configs[@]}"; do
    for pair in "dashboard|dashboard-sql" "risk register|register-sql"; do
      page=${pair%%|*}; sql=${pair#*|}
      line="| $config | $page |"
      for c in 1 10 50; do line+=" $(ratio "$(value "$config" "$sql" "$c" 4)" "$(value "$config" "$page" "$c" 4)") |"; done
      echo "$line"
    done
  done
  echo
  echo "## After a tolerance change (ms; the target for the first dashboard is under 1,000)"
  echo
  echo "| council | step | ms |"
  echo "|---|---|---:|"
  for t in "${tolerance[@]}"; do IFS='|' read -r -a f <<<"$t"; echo "| ${f[0]} | ${f[1]} | ${f[2]} |"; done
  echo
  echo "## Peak server memory (VmHWM, after every line above; the target is under 1,024 MiB)"
  echo
  echo "| council | MiB |"
  echo "|---|---:|"
  for m in "${memory[@]}"; do IFS='|' read -r -a f <<<"$m"; echo "| ${f[0]} | ${f[1]} |"; done
} >"$out"
echo "written $out"
