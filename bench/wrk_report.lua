-- wrk script of bench/http: sends the session cookie given in WRK_COOKIE and prints one JSON line
-- with requests, errors and latency percentiles (microseconds) when the run ends.
local cookie = os.getenv("WRK_COOKIE")
if cookie and #cookie > 0 then
  wrk.headers["Cookie"] = cookie
end

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

-- response() runs in each thread; done() sees only the main thread's copy, so threads report theirs.
local threads = {}
setup = function(thread) table.insert(threads, thread) end

done = function(summary, latency, requests)
  local non200 = 0
  for _, t in ipairs(threads) do non200 = non200 + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, "socket_errors": %d, "non200": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, non200 + e.status))
end
