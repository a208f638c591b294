-- wrk script: POST signed gateway requests to /sms/inbound/, each message id once.
-- Requests come from BENCH_SMS (BENCH_SMS_WARMUP when BENCH_WARMUP is set), one a line:
-- timestamp, tab, signature, tab, JSON body (bench/sms_data.py). The BENCH_THREADS wrk
-- threads take every BENCH_THREADS-th line each, so no two send the same message; a
-- thread that runs out starts over (its repeats would be answered as duplicates) and
-- done() says so.
local threads = {}
local requests = {}
-- Globals, so that done() can read them with thread:get().
counter = 0
wrapped = 0

function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local file = os.getenv("BENCH_SMS")
  if os.getenv("BENCH_WARMUP") then
    file = os.getenv("BENCH_SMS_WARMUP")
  end
  local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
  local n = 0
  for line in io.lines(file) do
    if n % stride == thread_index then
      local timestamp, signature, body = line:match("^(%d+)\t(%S+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/json",
        ["X-Jamsos-Timestamp"] = timestamp,
        ["X-Jamsos-Signature"] = signature,
      }, body)
    end
    n = n + 1
  end
end

function request()
  counter = counter + 1
  if counter > #requests then
    counter = 1
    wrapped = wrapped + 1
  end
  return requests[counter]
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  elseif not body:find('"accepted"', 1, true) then
    io.stderr:write("unexpected status 200 not accepted: " .. body .. "\n")
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local wraps = thread:get("wrapped")
    if wraps > 0 then
      io.stderr:write(string.format(
        "sms.lua: WARNING a thread ran out of messages %d times: repeats were duplicates\n", wraps))
    end
  end
end
