"""The Gunicorn side of bench/run.sh: the WSGI twin of dev.gateway.testapps.Hello (same status, headers
and 13-byte body), so both servers answer wrk with the same response."""

BODY = b"Hello, World!"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
