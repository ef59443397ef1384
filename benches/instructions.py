#!/usr/bin/env python3
"""Instructions the server executes per request, counted by valgrind's callgrind: steady on a noisy machine.

    python3 benches/instructions.py BINARY DATABASE_URL [LETTERS] [RUNS]

Starts `BINARY serve` under callgrind on DATABASE_URL (a database `coopkb seed --synthetic` filled), sends each
named request of benches/requests (LETTERS among a, b, c, e; t is `{ __typename }` on a new connection each time,
k the same on one kept-alive connection, as wrk sends it; default "abcet") three times to warm up, then RUNS times (default 10) between a reset and a dump of the counters, and prints the instructions
per request. The dumps stay in the working directory, for `callgrind_annotate --inclusive=no <dump>`.
"""
import glob
import http.client
import json
import os
import subprocess
import sys
import time

REQUESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requests")
FILES = {"a": "a_flat_page.graphql", "b": "b_dashboard.graphql", "c": "c_water_since_2011.graphql",
         "e": "e_project_stats.graphql"}
PORT = 8130


KEPT_ALIVE = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)


def post(body, keep_alive=False):
    connection = KEPT_ALIVE if keep_alive else http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    connection.request("POST", "/graphql", body, {"Content-Type": "application/json", "Accept": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if not keep_alive:
        connection.close()
    return response.status, data


def ready():
    try:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
        connection.request("GET", "/readyz")
        return connection.getresponse().status == 200
    except OSError:
        return False


def main():
    binary, url = sys.argv[1], sys.argv[2]
    letters = sys.argv[3] if len(sys.argv) > 3 else "abcet"
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    prefix = f"callgrind.{os.path.basename(binary)}"
    env = dict(os.environ, DATABASE_URL=url, COOPKB_LOG="warn")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={prefix}.%p", binary, "serve", "--bind",
         f"127.0.0.1:{PORT}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if ready():
                break
            time.sleep(0.5)
        for letter in letters:
            keep_alive = letter == "k"
            query = "{ __typename }" if letter in "tk" else open(os.path.join(REQUESTS, FILES[letter])).read()
            body = json.dumps({"query": query})
            for _ in range(3):
                status, data = post(body, keep_alive)
                assert status == 200 and b'"errors"' not in data, data[:300]
            subprocess.run(["callgrind_control", "-z", str(server.pid)], stdout=subprocess.DEVNULL, check=True)
            for _ in range(runs):
                post(body, keep_alive)
            subprocess.run(["callgrind_control", "-d", f"request-{letter}", str(server.pid)],
                           stdout=subprocess.DEVNULL, check=True)
            time.sleep(0.5)
            dump = max(glob.glob(f"{prefix}.{server.pid}.*"), key=os.path.getmtime)
            total = next(int(line.split()[1]) for line in open(dump) if line.startswith(("summary:", "totals:")))
            print(f"({letter}) {total / runs / 1e6:.3f} M instructions per request  [{dump}]", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
