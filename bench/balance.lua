-- wrk script: GET /api/v1/me/balance with the access tokens in BENCH_TOKENS, one per line,
-- each request with the next token.
local tokens = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("start", threads * 7919)  -- threads start at different tokens
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = "Bearer " .. line
  end
  counter = start or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", nil, { ["Authorization"] = tokens[(counter % #tokens) + 1] })
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
