-- bench/soak.lua: the request mix of bench/soak.sh, for wrk.
-- Weights out of 100: hello 60, upload 15 (64 KiB POST), stream 10 (256 KiB chunked), slow 10
-- (50 ms in the app), crash 5 (the app throws: a 500 is expected). It counts per thread the crash
-- requests sent and the statuses seen, and done() prints one line that soak.sh parses.

local threads = {}
local upload_body = string.rep("u", 64 * 1024)
local reqs

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    crash_sent = 0
    ok = 0
    status500 = 0
    unexpected = 0
    reqs = {
        hello = wrk.format("GET", "/hello"),
        upload = wrk.format("POST", "/upload", { ["Content-Type"] = "application/octet-stream" }, upload_body),
        stream = wrk.format("GET", "/stream?bytes=262144&chunk=16384"),
        slow = wrk.format("GET", "/slow?ms=50"),
        crash = wrk.format("GET", "/crash"),
    }
end

function request()
    local r = math.random(100)
    if r <= 60 then return reqs.hello
    elseif r <= 75 then return reqs.upload
    elseif r <= 85 then return reqs.stream
    elseif r <= 95 then return reqs.slow
    end
    crash_sent = crash_sent + 1
    return reqs.crash
end

function response(status, headers, body)
    if status == 200 then ok = ok + 1
    elseif status == 500 then status500 = status500 + 1
    else unexpected = unexpected + 1
    end
end

function done(summary, latency, requests)
    local c, o, s, u = 0, 0, 0, 0
    for _, t in ipairs(threads) do
        c = c + t:get("crash_sent")
        o = o + t:get("ok")
        s = s + t:get("status500")
        u = u + t:get("unexpected")
    end
    local e = summary.errors
    io.write(string.format("SOAK requests=%d ok=%d status500=%d crash_sent=%d unexpected=%d socket=%d timeout=%d\n",
        summary.requests, o, s, c, u, e.connect + e.read + e.write, e.timeout))
end
