#!/usr/bin/env bash
# Runs the ghz load tests in loadtest/ against a running cluster (`npm start -- --no-sim`) and
# keeps every report, as JSON and as HTML, in loadtest/reports/<UTC timestamp>/.
#
#   loadtest/run.sh [--target HOST:PORT] [--no-html] [create-order] [get-order] [confirm-payment]
#
# Names pick the runs (default: all three, in that order). For get-order and confirm-payment it
# first makes their data files with dist/loadtest/generate-orders.js (orders created through the
# gateway). ghz writes one format per run, so each config runs twice: the JSON run is the one
# summarised; the HTML run (skipped with --no-html) is a second run of the same config, with
# fresh orders for confirm-payment. Exit status: 0 when every request of every run answered OK,
# 1 when any did not (or a run failed), 2 when ghz, the build or the cluster is missing.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2

usage() {
  sed -n '5p' "$0" | sed 's/^#   /usage: /'
}

TARGET=""
HTML=1
RUNS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) [ $# -ge 2 ] || { usage >&2; exit 2; }; TARGET="$2"; shift 2 ;;
    --target=*) TARGET="${1#--target=}"; shift ;;
    --no-html) HTML=0; shift ;;
    -h|--help) usage; exit 0 ;;
    create-order|get-order|confirm-payment) RUNS+=("$1"); shift ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[ ${#RUNS[@]} -gt 0 ] || RUNS=(create-order get-order confirm-payment)

if ! command -v ghz >/dev/null 2>&1; then
  cat >&2 <<'EOF'
run.sh: ghz is not on PATH. Install it (https://ghz.sh/docs/install), then run this again:
  - a release binary: download ghz-<os>-<arch>.tar.gz from https://github.com/bojand/ghz/releases,
    unpack it and put `ghz` on PATH (e.g. /usr/local/bin)
  - with Go:       go install github.com/bojand/ghz/cmd/ghz@latest   (then ~/go/bin on PATH)
  - with Homebrew: brew install ghz
EOF
  exit 2
fi

# The order generator: the compiled one, or LOADTEST_GENERATOR (e.g. "node --conditions=ordermesh-source --import tsx loadtest/generate-orders.ts").
if [ -n "${LOADTEST_GENERATOR:-}" ]; then
  read -r -a GENERATOR <<<"$LOADTEST_GENERATOR"
elif [ -f dist/loadtest/generate-orders.js ]; then
  GENERATOR=(node dist/loadtest/generate-orders.js)
else
  echo "run.sh: dist/loadtest/generate-orders.js is missing: build first (npm run build)" >&2
  exit 2
fi

# A field of a JSON file ('' when absent).
field() {
  node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; process.stdout.write(v === undefined ? "" : String(v));' "$1" "$2"
}

HOST="${TARGET:-$(field loadtest/create-order.json host)}"
if ! node -e '
  const [host] = process.argv.slice(1);
  import(process.cwd() + "/dist/lib/grpc/index.js")
    .then(async (m) => process.exit((await m.checkHealth(host, "", 3000)) === "SERVING" ? 0 : 1))
    .catch(() => process.exit(1));' "$HOST"; then
  echo "run.sh: no SERVING gateway at $HOST: start the cluster first (npm start -- --no-sim), or pass --target HOST:PORT" >&2
  exit 2
fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="loadtest/reports/$STAMP"
mkdir -p "$OUT/configs" "$OUT/data" || exit 2
echo "run.sh: against $HOST; reports in $OUT"

FAILED=0
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"

# generate NAME RPC COUNT TAG: makes the config's data file, keeps a copy and the generator's summary.
generate() {
  local name="$1" rpc="$2" count="$3" tag="$4" file
  file="$(field "loadtest/$name.json" data-file)"
  if ! "${GENERATOR[@]}" --rpc "$rpc" --count "$count" --out "$file" --target "$HOST" --json >"$OUT/data/$name.for-$tag-run.generate.json"; then
    echo "run.sh: generating $count $rpc requests for $name failed" >&2
    return 1
  fi
  cp "$file" "$OUT/data/$name.for-$tag-run.json"
}

# ghz_run NAME FORMAT: one ghz run of loadtest/NAME.json, its report in $OUT/NAME.FORMAT.
ghz_run() {
  local name="$1" format="$2" args
  args=(--config "loadtest/$name.json" -O "$format" -o "$OUT/$name.$format")
  [ -n "$TARGET" ] && args+=("$TARGET")
  if ! ghz "${args[@]}" 2>"$OUT/$name.$format.log"; then
    echo "run.sh: ghz failed for $name ($format); see $OUT/$name.$format.log" >&2
    cat "$OUT/$name.$format.log" >&2
    return 1
  fi
}

# summarize NAME: one line from the JSON report; fails when a request was not OK.
summarize() {
  node -e '
    const [name, path] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(path, "utf8"));
    const ms = (ns) => (ns / 1e6).toFixed(1);
    const pct = (p) => { const d = (r.latencyDistribution || []).find((x) => x && x.percentage === p); return d ? ms(d.latency) : "-"; };
    const codes = r.statusCodeDistribution || {};
    const ok = codes.OK || 0;
    const other = Object.entries(codes).filter(([c]) => c !== "OK").map(([c, n]) => `${c} ${n}`).join(", ");
    process.stdout.write(`${name.padEnd(16)} ${String(r.count).padStart(6)} requests  ${r.rps.toFixed(1).padStart(8)} req/s  ` +
      `avg ${ms(r.average)} ms  p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)} ms  slowest ${ms(r.slowest)} ms  ` +
      `OK ${ok}/${r.count}${other ? `  NOT OK: ${other}` : ""}\n`);
    process.exit(ok === r.count && r.count > 0 ? 0 : 1);' "$1" "$OUT/$1.json"
}

for name in "${RUNS[@]}"; do
  cp "loadtest/$name.json" "$OUT/configs/"
  total="$(field "loadtest/$name.json" total)"
  formats=(json)
  [ "$HTML" = 1 ] && formats+=(html)
  for format in "${formats[@]}"; do
    case "$name" in
      # Reads: a few hundred distinct orders, read round-robin; made once.
      get-order) if [ "$format" = json ]; then generate "$name" GetOrder "$(( total < 200 ? total : 200 ))" "$format" || { FAILED=1; continue 2; }; fi ;;
      # Payments: one RESERVED order per request, paid once, so fresh ones for every run; paid
      # at once, as a RESERVED order is cancelled after ORDERMESH_PAYMENT_TIMEOUT_MS (60 s).
      confirm-payment) generate "$name" ConfirmPayment "$total" "$format" || { FAILED=1; continue 2; } ;;
    esac
    echo "run.sh: ghz $name ($format, $total requests)"
    ghz_run "$name" "$format" || { FAILED=1; continue 2; }
  done
  summarize "$name" | tee -a "$SUMMARY" || FAILED=1
done

echo "run.sh: reports in $OUT (summary.txt, <run>.json, <run>.html)"
exit "$FAILED"
