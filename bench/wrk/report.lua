-- Prints one line wrk's own summary lacks: requests per second, p50, p95 and p99 latency in milliseconds, errors
-- (connection, read, write, timeout, and non-2xx/3xx statuses) and the number of requests.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
