#!/usr/bin/env python3
"""Drop the checkpatch findings listed in an exceptions file.

Reads `checkpatch.pl --terse --show-types` output on stdin and prints the
findings not excepted; exits 1 if any remain.  Exception lines are
"PATCH-GLOB TYPE reason...": every exception must give a reason.
"""
import fnmatch
import os
import re
import sys

FINDING = re.compile(r'^(?P<file>[^:]+):\d+: (ERROR|WARNING|CHECK):(?P<type>[A-Z_0-9]+):')


def main():
    rules = []
    for line in open(sys.argv[1]):
        if not line.strip() or line.startswith('#'):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            sys.exit('%s: exception without a reason: %s' % (sys.argv[1], line.strip()))
        rules.append((parts[0], parts[1]))
    left = 0
    for line in sys.stdin:
        m = FINDING.match(line)
        if not m:
            if line.strip():
                print(line.rstrip())   # checkpatch's own errors count too
                left += 1
            continue
        name = os.path.basename(m.group('file'))
        if any(fnmatch.fnmatch(name, g) and t == m.group('type') for g, t in rules):
            continue
        print(line.rstrip())
        left += 1
    return 1 if left else 0


if __name__ == '__main__':
    sys.exit(main())
