#!/usr/bin/python3
"""Writes deploy/seccomp-io_uring.json: the default seccomp profile of Debian 12's container tools
(/usr/share/containers/seccomp.json from golang-github-containers-common, the profile Docker's and
Podman's defaults derive from) plus one rule allowing io_uring_setup, io_uring_enter and
io_uring_register, which those defaults refuse and Tessera's networking needs.

    deploy/image/seccomp_profile.py > deploy/seccomp-io_uring.json
    deploy/image/seccomp_profile.py --check deploy/seccomp-io_uring.json   # exit 1 if it differs
"""
import json
import sys

BASE = "/usr/share/containers/seccomp.json"
IO_URING = ["io_uring_enter", "io_uring_register", "io_uring_setup"]


def profile():
    with open(BASE) as f:
        p = json.load(f)
    for rule in p["syscalls"]:
        rule["names"] = [n for n in rule["names"] if n not in IO_URING]
    p["syscalls"].append({"names": IO_URING, "action": "SCMP_ACT_ALLOW", "args": [],
                          "comment": "Tessera: io_uring networking", "includes": {},
                          "excludes": {}})
    return json.dumps(p, indent="\t") + "\n"


if __name__ == "__main__":
    text = profile()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        with open(sys.argv[2]) as f:
            sys.exit(0 if f.read() == text else 1)
    sys.stdout.write(text)
