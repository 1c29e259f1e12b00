-- wrk script for bench/ingest.py: replays pre-signed event requests from a file, each thread its
-- own share, and counts answers by status so the Python side can check storage afterwards.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path, nthreads, shop = args[1], tonumber(args[2]), args[3]
  requests = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == tid then
      local ts, sig, body = line:match("^(%d+)\t([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", "/api/v1/events", {
        ["Content-Type"] = "application/json",
        ["X-Sidecar-Shop"] = shop,
        ["X-Sidecar-Timestamp"] = ts,
        ["X-Sidecar-Signature"] = sig,
      }, body)
    end
    i = i + 1
  end
  idx = 0
  accepted, duplicate, other = 0, 0, 0
end

function request()
  idx = idx + 1
  if idx > #requests then idx = 1 end
  return requests[idx]
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1
  elseif status == 200 then duplicate = duplicate + 1
  else other = other + 1 end
end

function done(summary, latency, reqs)
  local a, d, o = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); d = d + t:get("duplicate"); o = o + t:get("other")
  end
  io.write(string.format("STATUS accepted=%d duplicate=%d other=%d\n", a, d, o))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("LATENCY p%s=%.3f\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("TOTAL requests=%d seconds=%.3f errors=%d\n", summary.requests,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
end
