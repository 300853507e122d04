#!/usr/bin/env python3
"""Times python3-evtx rendering every record of the given files as XML.

Usage: py_bench.py BUDGET_SECONDS FILE...  (BUDGET 0: no limit). Stops after the chunk during
which the budget runs out and prints one JSON object: records rendered, bytes covered (the
file header plus every chunk visited), wall and CPU seconds, and whether it finished.
"""

import json
import os
import sys
import time

import Evtx.Evtx as evtx

CHUNK = 0x10000
HEADER = 0x1000


def main(budget, paths):
    start = time.perf_counter()
    cpu = time.process_time()
    records = 0
    covered = 0
    complete = True
    for path in paths:
        size = os.path.getsize(path)
        with evtx.Evtx(path) as log:
            covered += min(size, HEADER)
            for chunk in log.chunks():
                for record in chunk.records():
                    record.xml()
                    records += 1
                covered += CHUNK
                if budget and time.perf_counter() - start > budget:
                    complete = False
                    break
            covered += (size - HEADER) % CHUNK if complete else 0
        if not complete:
            break
    print(json.dumps({
        "records": records,
        "bytes": covered,
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "complete": complete,
    }))


if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2:])
