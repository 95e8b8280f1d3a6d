#!/usr/bin/env python3
"""Read the console logs of one test run and print what passed.

Usage: summary.py RESULTS_DIR MACHINE...

Each RESULTS_DIR/MACHINE.log is a guest's serial console: kernel lines
(timestamped, KUnit KTAP among them) and the guest init's output, where each
kselftest stands between "testbed: kselftest NAME begin/end" markers, as
kselftest's run_kselftest.sh prints it: its own KTAP, with the program's
nested under "# ".
A run fails on any failed or missing test, a crashed or hung guest, and on
any kernel report (KASAN, UBSAN, lockdep, kmemleak, WARNING, BUG, Oops) in the log.
VFIO tests whose variants are IOMMU modes (FIXTURE.MODE.TEST) also get a row
per mode under their suite's.
The last line is "N passed, N failed, N skipped".
"""
import os
import re
import sys

# the timestamp, and the caller (CONFIG_PRINTK_CALLER) when there is one
TS = re.compile(r'^\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])? ?')
RESULT = re.compile(r'^(not )?ok (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(\S+)(.*))?$')
PLAN = re.compile(r'^1\.\.(\d+)')
# the IOMMU mode of a VFIO test variant: FIXTURE.MODE.TEST
MODE = re.compile(r'^[^.\s]+\.(vfio_type1v2_iommu|vfio_type1_iommu|'
                  r'iommufd_compat_type1v2|iommufd_compat_type1|iommufd)\.')
REPORTS = [
    (re.compile(r'\bBUG:'), 'BUG'),
    (re.compile(r'\bUBSAN:'), 'UBSAN'),
    (re.compile(r'\bWARNING:'), 'WARNING'),
    (re.compile(r'\bOops\b'), 'Oops'),
    (re.compile(r'Kernel panic'), 'panic'),
    (re.compile(r'Unable to handle kernel'), 'Oops'),
    (re.compile(r'DEBUG_LOCKS_WARN_ON'), 'lockdep'),
    (re.compile(r'possible (circular|recursive) locking'), 'lockdep'),
    (re.compile(r'unreferenced object 0x'), 'kmemleak'),
    (re.compile(r'suspected memory leaks'), 'kmemleak'),
    (re.compile(r'rcu: INFO: .*stall'), 'RCU stall'),
    (re.compile(r'INFO: task .* blocked for more than'), 'hung task'),
]


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = self.skipped = 0
        self.plan = None
        self.problems = []
        self.modes = {}     # IOMMU mode: [passed, failed, skipped]

    def add(self, line):
        m = RESULT.match(line)
        if not m:
            return False
        directive = (m.group(4) or '').upper()
        if m.group(1):
            if directive == 'TODO':
                self.skipped += 1
                col = 2
            else:
                self.failed += 1
                self.problems.append('not ok: ' + m.group(3))
                col = 1
        elif directive == 'SKIP':
            self.skipped += 1
            col = 2
        else:
            self.passed += 1
            col = 0
        mm = MODE.match(m.group(3))
        if mm:
            self.modes.setdefault(mm.group(1), [0, 0, 0])[col] += 1
        return True

    def close(self):
        n = self.passed + self.failed + self.skipped
        if self.plan is None:
            self.fail('no test plan (1..N): output cut short')
        elif self.plan != n:
            self.fail('planned %d tests, saw %d' % (self.plan, n))

    def fail(self, why):
        self.failed += 1
        self.problems.append(why)


def parse(log, status):
    suites = []
    problems = []
    try:
        lines = open(log, errors='replace').read().splitlines()
    except OSError:
        return [], ['no console log']

    kunit = None        # KUnit suite being read (kernel lines)
    kself = None        # kselftest being read (init's lines)
    done = False
    in_leak = False
    for raw in lines:
        kernel = TS.match(raw)
        line = TS.sub('', raw) if kernel else raw
        if kernel or in_leak:
            for rx, what in REPORTS:
                if rx.search(line):
                    problems.append('%s: %s' % (what, line.strip()))
                    break
        if kernel:
            m = re.match(r'^    # Subtest: (\S+)', line)
            if m:
                kunit = Suite('kunit:' + m.group(1))
                suites.append(kunit)
                continue
            if kunit:
                if line.startswith('    ') and not line.startswith('        '):
                    body = line[4:]
                    pm = PLAN.match(body)
                    if pm:
                        kunit.plan = int(pm.group(1))
                    else:
                        kunit.add(body)
                    continue
                m = RESULT.match(line)
                if m:
                    # the suite's own line; a failure here with no failed
                    # case means the suite itself broke
                    if m.group(1) and kunit.failed == 0:
                        kunit.fail('suite reported not ok')
                    kunit.close()
                    kunit = None
            continue

        m = re.match(r'^testbed: (kselftest|check) (\S+) begin$', line)
        if m:
            kself = Suite('%s:%s' % (m.group(1), m.group(2)))
            suites.append(kself)
            continue
        m = re.match(r'^testbed: (?:kselftest|check) (\S+) end rc=(\d+)', line)
        if m and kself:
            kself.close()
            rc = int(m.group(2))
            if rc not in (0, 4) and kself.failed == 0:  # 4: KSFT_SKIP
                kself.fail('exit code %d with no failed test' % rc)
            kself = None
            continue
        if kself:
            if kself.name.startswith('check:'):
                body = line
            elif line.startswith('# '):
                # run_kselftest.sh nests the program's KTAP under "# "
                body = line[2:]
            else:
                # the runner's own KTAP: its verdict on the program
                m = RESULT.match(line)
                if m and m.group(1) and kself.failed == 0:
                    kself.fail('run_kselftest.sh: ' + line)
                continue
            pm = PLAN.match(body)
            if pm:
                kself.plan = int(pm.group(1))
            elif not body.startswith('#'):
                kself.add(body)
            continue
        if line == 'testbed: kmemleak begin':
            in_leak = True
        elif line == 'testbed: kmemleak end':
            in_leak = False
        elif line.startswith('testbed: could not'):
            problems.append(line)
        elif line == 'testbed: done':
            done = True

    for s in (kunit, kself):
        if s:
            s.fail('output ends inside the suite')
    if not done:
        tail = [l for l in lines if l.strip()][-15:]
        problems.append('guest did not finish (%s); last console lines:\n      %s'
                        % (status, '\n      '.join(tail)))
    return suites, problems


def machine_var(path, var):
    """The value of a VAR= line of a machine file, unquoted, or None."""
    for line in open(path):
        if line.startswith(var + '='):
            return line.strip()[len(var) + 1:].strip('"')
    return None


def machine_suites(path, mach, expected):
    """The suites a machine must run: its SUITES= line if it has one, else
    the lines of expected-suites that name no machine or architecture, or
    name this machine or its architecture."""
    own = machine_var(path, 'SUITES')
    if own is not None:
        return own.split()
    arch = machine_var(path, 'ARCH')
    return [e for e, where in expected
            if not where or arch in where or mach in where]


def main():
    resdir = sys.argv[1]
    machines = sys.argv[2:]
    here = os.path.dirname(os.path.abspath(__file__))
    expected = []       # (suite, machines/architectures or empty for all)
    exp_file = os.path.join(here, 'expected-suites')
    if os.path.exists(exp_file):
        expected = [(l.split()[0], l.split()[1:]) for l in open(exp_file)
                    if l.strip() and not l.startswith('#')]

    tot = [0, 0, 0]
    report = []
    print('%-15s %-44s %6s %6s %7s' % ('machine', 'suite', 'passed', 'failed', 'skipped'))
    for mach in machines:
        try:
            status = open(os.path.join(resdir, mach + '.status')).read().strip()
        except OSError:
            status = 'not run'
        suites, problems = parse(os.path.join(resdir, mach + '.log'), status)
        names = [s.name for s in suites]
        for e in machine_suites(os.path.join(here, 'machines', mach), mach, expected):
            if e not in names:
                problems.append('expected suite %s did not run' % e)
        for s in suites:
            print('%-15s %-44s %6d %6d %7d' % (mach, s.name, s.passed, s.failed, s.skipped))
            # a row per IOMMU mode, already counted in the suite's
            for mode, (p, f, k) in sorted(s.modes.items()):
                print('%-15s %-44s %6d %6d %7d' % ('', '  mode ' + mode, p, f, k))
            tot[0] += s.passed
            tot[1] += s.failed
            tot[2] += s.skipped
            report += ['%s: %s: %s' % (mach, s.name, p) for p in s.problems]
        if problems:
            print('%-15s %-44s %6d %6d %7d' % (mach, 'console', 0, len(problems), 0))
            tot[1] += len(problems)
            report += ['%s: console: %s' % (mach, p) for p in problems]
    if report:
        print('\nFailures:')
        for r in report:
            print('  ' + r)
    print('%d passed, %d failed, %d skipped' % tuple(tot))
    return 0 if tot[1] == 0 and tot[0] > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
