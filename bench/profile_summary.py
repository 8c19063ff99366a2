"""bench/profile_summary.py RUNS.tsv: the report of bench/profile.sh.

RUNS.tsv has a line per profile: server name, round, requests wrk completed, and the profile's
stacks in async-profiler's collapsed format ("[thread tid=N];frame;...;leaf COUNT", one sample per
200 us of CPU). A sample whose leaf frame is the kernel's (suffix _[k]) is kernel time, any other
user time. Threads are grouped by name without their numbers, so that a pool's threads add up.
Prints Markdown: per server, CPU microseconds per request in all, in user and in kernel code, then
the same for each thread group; each figure is the median over the rounds, with the spread.
"""
import collections
import re
import statistics
import sys

SAMPLE_US = 200.0


def thread_group(frame):
    name = re.sub(r" tid=\d+\]$", "", frame.lstrip("["))
    if "CompilerThre" in name:
        return "JIT compilers"
    if name.startswith(("GC Thread", "G1 ")):
        return "garbage collector"
    return re.sub(r"[-#]?\d+", "", name).strip() or "?"


def profile(path, requests):
    """(user, kernel) microseconds per request, in all and per thread group."""
    groups = collections.defaultdict(lambda: [0, 0])
    for line in open(path):
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")
        kind = 1 if frames[-1].endswith("_[k]") else 0
        groups[thread_group(frames[0])][kind] += int(count)
    scale = SAMPLE_US / max(1, requests)
    per_group = {g: (u * scale, k * scale) for g, (u, k) in groups.items()}
    total = (sum(u for u, _ in per_group.values()), sum(k for _, k in per_group.values()))
    return total, per_group


def cell(values):
    values = sorted(values)
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.2f}"
    return f"{median:.2f} ({values[0]:.2f}-{values[-1]:.2f})"


def main(runs_file):
    runs = collections.OrderedDict()
    for line in open(runs_file):
        name, _round, requests, path = line.rstrip("\n").split("\t")
        runs.setdefault(name, []).append(profile(path, int(requests)))

    print("| server | CPU us/req | user | kernel |")
    print("|---|---|---|---|")
    for name, profiles in runs.items():
        totals = [t for t, _ in profiles]
        print(f"| {name} | {cell([u + k for u, k in totals])} | {cell([u for u, _ in totals])} | {cell([k for _, k in totals])} |")

    print()
    print("By thread group (groups under 0.05 us/req left out):")
    print()
    print("| server | threads | CPU us/req | user | kernel |")
    print("|---|---|---|---|---|")
    for name, profiles in runs.items():
        groups = sorted({g for _, per_group in profiles for g in per_group},
                        key=lambda g: -statistics.median(sum(p[1].get(g, (0, 0))) for p in profiles))
        for g in groups:
            values = [p[1].get(g, (0.0, 0.0)) for p in profiles]
            if statistics.median(u + k for u, k in values) < 0.05:
                continue
            print(f"| {name} | {g} | {cell([u + k for u, k in values])} | {cell([u for u, _ in values])} | {cell([k for _, k in values])} |")


if __name__ == "__main__":
    main(sys.argv[1])
