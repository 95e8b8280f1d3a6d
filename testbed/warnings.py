#!/usr/bin/env python3
"""Compiler, sparse and kernel-doc warnings, compared between base and series.

  warnings.py extract FILE...   read build output on stdin, print the
                                warnings that point into FILE..., one a line,
                                without line numbers (they move between
                                revisions)
  warnings.py compare OLD NEW   print what NEW has that OLD has not; exit 1
                                if anything
"""
import collections
import re
import sys

LOC = re.compile(r'^(?P<path>[^\s:]+):(\d+:)?(\d+:)? *(?P<msg>(warning|error|note)?:?.*)$')


def extract(files):
    for line in sys.stdin:
        line = line.rstrip('\n')
        m = LOC.match(line)
        if not m or not re.search(r'\b(warning|error)\b', m.group('msg')):
            continue
        path = m.group('path')
        for f in files:
            if path == f or path.endswith('/' + f):
                print('%s: %s' % (f, m.group('msg').strip()))
                break


def normalize(line):
    # kernel-doc names lines as "file:123"; keep the words, drop the numbers
    return re.sub(r':\d+(:\d+)?', '', line.strip())


def compare(old, new):
    o = collections.Counter(normalize(l) for l in open(old) if l.strip())
    n = collections.Counter(normalize(l) for l in open(new) if l.strip())
    added = n - o
    for line, count in sorted(added.items()):
        print('new: %s%s' % (line, ' (x%d)' % count if count > 1 else ''))
    print('%d warning(s) at base, %d in series, %d new'
          % (sum(o.values()), sum(n.values()), sum(added.values())))
    return 1 if added else 0


if __name__ == '__main__':
    if sys.argv[1] == 'extract':
        extract(sys.argv[2:])
        sys.exit(0)
    sys.exit(compare(sys.argv[2], sys.argv[3]))
