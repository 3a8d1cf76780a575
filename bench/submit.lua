-- wrk script for bench_submit.py: POST a full answer to /api/submissions, each request
-- with a fresh submission UUID (a replay would be answered from the first receipt and
-- measure nothing). The body comes from the file named by the BODY environment variable,
-- with SUBMISSION_ID where the UUID goes. At the end it prints one JSON line.

local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  local file = assert(io.open(os.getenv("BODY"), "r"))
  template = file:read("*a")
  file:close()
  math.randomseed(os.time() + thread_number * 7919)
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

function request()
  counter = counter + 1
  -- unique within the run: thread number and counter; random across runs: the prefix
  local id = string.format("%s-%04x-4%03x-a%03x-%012x", prefix, thread_number,
                           math.random(0, 0xfff), math.random(0, 0xfff), counter)
  local body = template:gsub("SUBMISSION_ID", id)
  return wrk.format("POST", "/api/submissions",
                    {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "non_2xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
