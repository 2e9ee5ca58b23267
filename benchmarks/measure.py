"""Run one command as a child and report its wall time and the peak memory of its process tree."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    """`python -m benchmarks.measure CMD...` prints {"seconds": …, "peak_mib": …, "code": …}."""
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "code": done.returncode,
                      "stderr": done.stderr.decode(errors="replace")[-500:]}))


if __name__ == "__main__":
    main()
