-- wrk script: GET the bare view with the blind indexes in BENCH_INDEXES, one per line.
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_INDEXES")) do
    paths[#paths + 1] = "/bench/bare/?i=" .. line
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
