"""Per-file comparison of two A2A TCK runs, direct and through the gateway (pytest JUnit XML, xunit1).

usage: python3 tools/tck/table.py direct.xml gateway.xml

Prints one row per TCK test file (passed/ran direct, passed/ran via the gateway, the tests that pass direct
but not via the gateway), then those tests with the first line of their failure, the tests that fail via the
gateway but were skipped direct, and the tests that pass only via the gateway. Exits 1 when a test passes
direct but not via the gateway (or a run left no results), else 0.
"""
import sys
import xml.etree.ElementTree as ET

OUTCOMES = {"failure": "failed", "error": "error", "skipped": "skipped"}
RAN = ("passed", "failed", "error")


def load(path):
    """{(file, test id): (outcome, message)}; outcome is passed / failed / error / skipped."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        return None
    results = {}
    for case in root.iter("testcase"):
        file = case.get("file") or case.get("classname", "?").replace(".", "/") + ".py"
        file = file.removeprefix("tests/mandatory/").removeprefix("tests/")
        cls = case.get("classname", "").split(".")[-1]
        name = case.get("name")
        test = f"{cls}::{name}" if cls.startswith("Test") else name
        outcome, message = "passed", ""
        for child in case:
            if child.tag in OUTCOMES:
                outcome = OUTCOMES[child.tag]
                message = (child.get("message") or child.text or "").strip()
                break
        results[(file, test)] = (outcome, message)
    return results


def first_line(message, width=200):
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    line = lines[0] if lines else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def main(direct_path, gateway_path):
    direct, gateway = load(direct_path), load(gateway_path)
    if direct is None or gateway is None:
        return 1

    def outcome(results, key):
        return results.get(key, ("missing", ""))[0]

    files = {}
    for key in sorted(set(direct) | set(gateway)):
        files.setdefault(key[0], []).append(key)

    rows, lost, gained, new_failures = [], [], [], []
    totals = [0, 0, 0, 0]
    for file, keys in files.items():
        counts = [
            sum(outcome(direct, k) == "passed" for k in keys),
            sum(outcome(direct, k) in RAN for k in keys),
            sum(outcome(gateway, k) == "passed" for k in keys),
            sum(outcome(gateway, k) in RAN for k in keys),
        ]
        totals = [t + c for t, c in zip(totals, counts)]
        file_lost = [k for k in keys if outcome(direct, k) == "passed" and outcome(gateway, k) != "passed"]
        lost += file_lost
        gained += [k for k in keys if outcome(direct, k) != "passed" and outcome(gateway, k) == "passed"]
        new_failures += [
            k
            for k in keys
            if outcome(gateway, k) in ("failed", "error") and outcome(direct, k) in ("skipped", "missing")
        ]
        lost_names = ", ".join(k[1] for k in file_lost) or "-"
        rows.append((file, f"{counts[0]}/{counts[1]}", f"{counts[2]}/{counts[3]}", lost_names))
    total = ("TOTAL", f"{totals[0]}/{totals[1]}", f"{totals[2]}/{totals[3]}", f"{len(lost)} test(s)")

    head = ("test file", "passed direct", "passed via gateway", "passing direct, not via gateway")
    widths = [max(len(r[i]) for r in rows + [head, total]) for i in range(3)]
    rule = f"{'-' * widths[0]}-|-{'-' * widths[1]}-|-{'-' * widths[2]}-|-{'-' * 40}"

    def line(r):
        return f"{r[0]:<{widths[0]}} | {r[1]:>{widths[1]}} | {r[2]:>{widths[2]}} | {r[3]}"

    print("(passed/ran; skipped tests do not count as ran)")
    print(line(head))
    print(rule)
    for r in rows:
        print(line(r))
    print(rule)
    print(line(total))

    def listing(title, keys, results, label):
        print(f"\n{title} ({len(keys)}):")
        for k in keys:
            state, message = results.get(k, ("missing", ""))
            print(f"  {k[0]}::{k[1]} [{label}{state}] {first_line(message)}")

    listing("Passing direct, not via gateway", lost, gateway, "")
    listing("Failing via gateway, skipped direct", new_failures, gateway, "")
    listing("Passing via gateway, not direct", gained, direct, "direct ")
    return 1 if lost or totals[1] == 0 or totals[3] == 0 else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
