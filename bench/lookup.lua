-- wrk script: POST the Cek Kepesertaan form for real participants, one after another.
-- Bodies come from BENCH_BODIES (one url-encoded form body per line); the CSRF cookie
-- and token from BENCH_CSRF.
local bodies = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    bodies[#bodies + 1] = line
  end
  local token = os.getenv("BENCH_CSRF")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. token
  wrk.headers["X-CSRFToken"] = token
  wrk.headers["Referer"] = "http://127.0.0.1/cek-kepesertaan/"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
