#!/usr/bin/env bash
# The quarterly pack, from a clean clone: bench/pack.sh
#
# Builds Release, generates a council of 50 indicators (three years of history) and 20 risks with `steward demo
# generate`, and times its whole-council pack at its last quarter in each format, one process per format: the first
# pack (build and render, as the first request after a start) and the median of five more, with peak memory.
# Results: bench/results/pack.md. The target is under 2 s for each format.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$root/bench/work
mkdir -p "$work" "$root/bench/results"
out=$root/bench/results/pack.md
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "building (Release)"
dotnet build src/Steward -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Steward.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
steward=(dotnet "$root/src/Steward/bin/Release/net10.0/steward.dll")
bench=(dotnet "$root/bench/Steward.Bench/bin/Release/net10.0/Steward.Bench.dll")
db=$work/pack.db
options="--indicators 50 --years 3 --risks 20 --reviews 4 --links 10"
if [[ ! -f $db ]]; then
  echo "generating ($options)"
  # shellcheck disable=SC2086
  "${steward[@]}" demo generate --db "$db" $options --seed 1 >"$work/generate-pack.log"
fi
rows=()
for format in html docx pdf; do
  line=$("${bench[@]}" pack "$db" GEN01 "$format")
  echo "  $line"
  rows+=("$line")
done
{
  echo "# The quarterly pack"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/pack.sh\` at commit $(git rev-parse --short HEAD) on $(nproc) cores and"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB of memory ($(uname -m), .NET $(dotnet --version)). The council: \`steward demo generate $options --seed 1\`;"
  echo "its whole-council pack at its last quarter, Part II version. One process per format: the first pack includes"
  echo "starting up (just-in-time compilation, the first queries); then the median of five more. The target is under 2,000 ms."
  echo
  echo "| format | indicators | risks | size (bytes) | first pack (ms) | median of five (ms) | peak memory (MiB) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for r in "${rows[@]}"; do
    read -r format indicators risks bytes first median peak <<<"$r"
    echo "| $format | $indicators | $risks | $bytes | $first | $median | $peak |"
  done
} >"$out"
echo "written $out"
