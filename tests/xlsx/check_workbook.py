#!/usr/bin/python3
"""The Excel workbook holds the run's numbers: read it back with openpyxl and
compare every cell with summary.json, timeline.csv, flows.csv and runs.csv of
the same run.

    check_workbook.py STARGATE SOURCE_DIR WORK_DIR

Runs `stargate run SCENARIO --out DIR --monthly --xlsx FILE` for the built-in
scenario and tests/transcripts/tiny.toml, then checks, sheet by sheet, that
numbers are stored as numbers and dates as Excel dates (with their formats:
currency, MW, yyyy-mm-dd), that the values are the files' values, and that
each sheet has a frozen header row and columns wide enough for their
headers.

Then the Monte Carlo workbook: `stargate mc tests/mpi/uncertain_tiny.toml
--trials 64 --step month --sensitivity --out DIR --xlsx FILE`, whose mc_*
sheets must hold mc_summary.csv, dates.csv, questions.csv, fan.csv and
sensitivity.csv of the same run (same seed) cell for cell, and whose base_*
sheets the files of `stargate run` of the same scenario at the same step.
Needs Debian's python3-openpyxl (scripts/setup.sh installs it).
"""

import csv
import datetime
import json
import math
import os
import shutil
import subprocess
import sys

import openpyxl

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same_number(a, b):
    # libxlsxwriter writes 17 significant digits: equal to the bit, or within
    # one part in 10^15 should a writer round the last digit.
    return a == b or abs(a - b) <= 1e-15 * max(abs(a), abs(b))


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


# --- summary.json flattened as docs/outputs.md and include/stargate/metrics.h
# say: items by id (phases by site/id, years by year), arrays of plain values
# joined by ", ".

def flatten(value, path="", array_name="", out=None):
    if out is None:
        out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, f"{path}.{k}" if path else k, k, out)
    elif isinstance(value, list):
        if all(not isinstance(x, (dict, list)) for x in value):
            out[path] = ", ".join(x if isinstance(x, str) else json.dumps(x) for x in value)
            return out
        for i, item in enumerate(value):
            skip = set()
            name = str(i)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                skip.add("id")
                name = item["id"]
                if array_name == "phases" and isinstance(item.get("site"), str):
                    skip.add("site")
                    name = f"{item['site']}/{item['id']}"
            elif isinstance(item, dict) and isinstance(item.get("year"), int):
                skip.add("year")
                name = str(item["year"])
            sub = {k: v for k, v in item.items() if k not in skip} if isinstance(item, dict) else item
            flatten(sub, f"{path}[{name}]", array_name, out)
    else:
        out[path] = value
    return out


def check_cell(where, cell, expected):
    """A cell against a value from a JSON or CSV file (None: an empty cell)."""
    v = cell.value
    if expected is None or expected == "":
        if v not in (None, ""):
            fail(where, f"expected an empty cell, got {v!r}")
    elif isinstance(expected, bool):
        if v is not expected:
            fail(where, f"expected the boolean {expected}, got {v!r}")
    elif is_number(expected):
        if not is_number(v):
            fail(where, f"expected the number {expected!r}, got {v!r} ({type(v).__name__})")
        elif not same_number(v, expected):
            fail(where, f"expected {expected!r}, got {v!r}")
    elif isinstance(expected, str) and parse_date(expected):
        if not (isinstance(v, datetime.datetime) and cell.is_date):
            fail(where, f"expected the date {expected} as an Excel date, got {v!r}")
        elif v.date() != parse_date(expected):
            fail(where, f"expected {expected}, got {v.date()}")
        elif cell.number_format != "yyyy-mm-dd":
            fail(where, f"expected the format yyyy-mm-dd, got {cell.number_format!r}")
    else:
        if v != expected:
            fail(where, f"expected {expected!r}, got {v!r}")


def check_layout(ws):
    """A frozen, bold header row; every column at least as wide as its header."""
    if ws.freeze_panes not in ("A2", "B2"):
        fail(ws.title, f"expected the header row frozen, got freeze_panes {ws.freeze_panes!r}")
    for cell in ws[1]:
        if not cell.font.b:
            fail(f"{ws.title}!{cell.coordinate}", "header not bold")
        width = ws.column_dimensions[cell.column_letter].width
        if width is None or width < min(len(str(cell.value)), 58):
            fail(f"{ws.title}!{cell.coordinate}",
                 f"column width {width} narrower than its header {cell.value!r}")


def header(ws):
    return [c.value for c in ws[1]]


def rows(ws):
    return list(ws.iter_rows(min_row=2))


def check_summary(wb, summary, sheet="summary"):
    ws = wb[sheet]
    if header(ws) != ["metric", "value", "unit"]:
        fail("summary", f"header {header(ws)}")
    # The workbook leaves out the time of the run (it is the file's creation
    # time), so two writes of a run are byte-identical.
    expected = flatten({k: v for k, v in summary.items() if k != "generated_at"})
    seen = set()
    for row in rows(ws):
        key, cell, unit = row[0].value, row[1], row[2].value or ""
        seen.add(key)
        if key not in expected:
            fail("summary", f"row {key!r} is not in summary.json")
            continue
        check_cell(f"summary {key}", cell, expected[key])
        if is_number(expected[key]) and not isinstance(expected[key], bool):
            fmt = cell.number_format
            if key.endswith("_usd") and "$" not in fmt:
                fail(f"summary {key}", f"expected a currency format, got {fmt!r}")
            if key.endswith("_mw") and "MW" not in fmt:
                fail(f"summary {key}", f"expected a MW format, got {fmt!r}")
            if key.endswith("_usd") and unit != "USD":
                fail(f"summary {key}", f"expected the unit USD, got {unit!r}")
    missing = set(expected) - seen
    if missing:
        fail("summary", f"missing rows: {sorted(missing)[:5]}")


def check_timeline(wb, path, sheet="timeline"):
    ws = wb[sheet]
    with open(path, newline="") as f:
        table = list(csv.reader(f))
    if header(ws) != table[0]:
        fail("timeline", "header differs from timeline.csv")
    if len(rows(ws)) != len(table) - 1:
        fail("timeline", f"{len(rows(ws))} rows, timeline.csv has {len(table) - 1}")
    for row, line in zip(rows(ws), table[1:]):
        month = row[0]
        if not (isinstance(month.value, datetime.datetime) and month.is_date):
            fail(f"timeline {line[0]}", f"month is not an Excel date: {month.value!r}")
        elif month.value.strftime("%Y-%m") != line[0] or month.value.day != 1:
            fail(f"timeline {line[0]}", f"month cell holds {month.value}")
        elif month.number_format != "yyyy-mm":
            fail(f"timeline {line[0]}", f"month format {month.number_format!r}")
        for name, cell, text in zip(table[0][1:], row[1:], line[1:]):
            check_cell(f"timeline {line[0]} {name}", cell, float(text))
            if name.endswith("_usd") and "$" not in cell.number_format:
                fail(f"timeline {name}", f"expected a currency format, got {cell.number_format!r}")
            if name.endswith("_mw") and "MW" not in cell.number_format:
                fail(f"timeline {name}", f"expected a MW format, got {cell.number_format!r}")


def check_csv_sheet(wb, sheet, path, numeric):
    """A sheet whose columns include every column of a CSV file, row for row."""
    ws = wb[sheet]
    with open(path, newline="") as f:
        table = list(csv.DictReader(f))
    names = header(ws)
    if len(rows(ws)) != len(table):
        fail(sheet, f"{len(rows(ws))} rows, {os.path.basename(path)} has {len(table)}")
    for i, (row, line) in enumerate(zip(rows(ws), table)):
        for name, text in line.items():
            if name not in names:
                fail(sheet, f"no column {name!r}")
                return
            expected = float(text) if name in numeric and text != "" else text
            check_cell(f"{sheet} row {i + 2} {name}", row[names.index(name)], expected)


def check_contracts(wb, summary):
    contracts = summary.get("market", {}).get("contracts", [])
    if not contracts:
        if "contracts" in wb.sheetnames:
            fail("contracts", "a sheet for a run without contracts")
        return
    ws = wb["contracts"]
    names = header(ws)
    if len(rows(ws)) != len(contracts):
        fail("contracts", f"{len(rows(ws))} rows, summary.json has {len(contracts)}")
    for row, c in zip(rows(ws), contracts):
        for key, value in c.items():
            check_cell(f"contracts {c['id']} {key}", row[names.index(key)], value)


def check_assumptions(wb, expect):
    ws = wb["assumptions"]
    names = header(ws)
    want = ["key", "value", "base_value", "unit", "distribution", "default", "source", "note",
            "where"]
    if names != want:
        fail("assumptions", f"header {names}")
        return
    by_key = {}
    for row in rows(ws):
        values = {n: c for n, c in zip(names, row)}
        if not values["key"].value or values["value"].value in (None, ""):
            fail("assumptions", f"a row without key or value: {[c.value for c in row]}")
        if not isinstance(values["default"].value, bool):
            fail("assumptions", f"default is not a boolean: {values['default'].value!r}")
        by_key.setdefault(values["key"].value, values)
    if expect.get("uncertain"):
        # An uncertain input: its distribution spelt out with its parameters;
        # its base value (what a base case uses) a number or a date, or for a
        # yes/no input TRUE or FALSE.
        kinds = ("pert", "triangular", "uniform", "normal", "lognormal", "bernoulli", "choice")
        uncertain = [r for r in by_key.values() if r["distribution"].value]
        if not uncertain:
            fail("assumptions", "no uncertain input has a distribution")
        for r in uncertain:
            where = f"assumptions {r['key'].value}"
            if not r["distribution"].value.startswith(kinds):
                fail(where, f"distribution {r['distribution'].value!r}")
            if r["distribution"].value.startswith("bernoulli"):
                if not isinstance(r["base_value"].value, bool):
                    fail(where, f"a yes/no input's base value is {r['base_value'].value!r}")
            elif not (is_number(r["base_value"].value) or r["base_value"].is_date):
                fail(where, f"base value {r['base_value'].value!r} is not a number")
    if len(by_key) < expect["min_rows"]:
        fail("assumptions", f"{len(by_key)} inputs, expected at least {expect['min_rows']}")
    for key, fields in expect["rows"].items():
        if key not in by_key:
            fail("assumptions", f"no row {key!r}")
            continue
        for name, value in fields.items():
            cell = by_key[key][name]
            if name == "base_value" and isinstance(value, tuple):  # (number, format has)
                check_cell(f"assumptions {key} {name}", cell, value[0])
                if value[1] not in cell.number_format:
                    fail(f"assumptions {key}", f"format {cell.number_format!r} lacks {value[1]!r}")
            elif name == "value":  # text as written, even when it reads as a date
                if cell.value != value:
                    fail(f"assumptions {key} value", f"expected {value!r}, got {cell.value!r}")
            elif name == "source":
                if value not in (cell.value or ""):
                    fail(f"assumptions {key} source", f"{cell.value!r} lacks {value!r}")
            else:
                check_cell(f"assumptions {key} {name}", cell, value)


CASES = [
    {
        "scenario": "stargate-2025-01",
        "sheets": ["summary", "timeline", "flows", "runs", "contracts", "assumptions"],
        "assumptions": {
            "min_rows": 500,
            "uncertain": True,  # it has uncertain inputs; their values change as it grows
            "rows": {"scenario.start": {"unit": "date"}},
        },
    },
    {
        "scenario": "tests/transcripts/tiny.toml",
        "sheets": ["summary", "timeline", "flows", "assumptions"],
        "assumptions": {
            "min_rows": 40,
            "rows": {
                "sites.tiny.phases.hall-1.capex": {
                    "value": "$500M",
                    "base_value": (500e6, "$"),
                    "unit": "USD",
                    "distribution": None,
                    "default": False,
                    "where": "tests/transcripts/tiny.toml:33:9",
                },
                "sites.tiny.power.grid.mw": {"value": "100MW", "base_value": (100, "MW"),
                                             "unit": "MW"},
                "sites.tiny.power.grid.online": {"value": "2026-01-01",
                                                 "base_value": "2026-01-01", "unit": "date"},
                "sites.tiny.phases.hall-1.duration": {"value": "6mo", "base_value": 6,
                                                      "unit": "months"},
            },
        },
    },
]


# --- The Monte Carlo workbook against the CSV files of the same run.

EPOCH = datetime.date(1970, 1, 1)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def csv_value(text):
    """A CSV field as check_cell expects it: "" empty, dates as text, else a number."""
    if text == "" or parse_date(text):
        return text
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text)
    except ValueError:
        return text


def check_table(wb, sheet, table, special=None):
    """A sheet that is a CSV file: same header, same rows, cell for cell.
    `special(name, row, cell, text)` handles a cell itself when it returns True."""
    ws = wb[sheet]
    if header(ws) != table[0]:
        fail(sheet, f"header {header(ws)}, the CSV file has {table[0]}")
        return
    if len(rows(ws)) != len(table) - 1:
        fail(sheet, f"{len(rows(ws))} rows, the CSV file has {len(table) - 1}")
    for i, (row, line) in enumerate(zip(rows(ws), table[1:])):
        values = dict(zip(table[0], line))
        for name, cell, text in zip(table[0], row, line):
            where = f"{sheet} row {i + 2} {name}"
            if special and special(where, name, values, cell, text):
                continue
            check_cell(where, cell, csv_value(text))


def excel_days(cell):
    """An Excel date cell as days since 1970-01-01."""
    return (cell.value.date() - EPOCH).days


def check_mc(wb, out):
    summary = read_csv(os.path.join(out, "mc_summary.csv"))
    units = {line[0]: line[1] for line in summary[1:]}

    def summary_cell(where, name, values, cell, text):
        if name == "sd" and values["unit"] == "date" and text:
            # A date's sd is a number of days, in the CSV and the workbook.
            days = float(text)
            if not is_number(cell.value) or abs(cell.value - days) > 1e-9 * max(1.0, days):
                fail(where, f"expected about {days} days, got {cell.value!r}")
            return True
        if is_number(cell.value) and name in ("mean", "min", "max", "p50"):
            if values["unit"] == "USD" and "$" not in cell.number_format:
                fail(where, f"expected a currency format, got {cell.number_format!r}")
            if values["unit"] == "MW" and "MW" not in cell.number_format:
                fail(where, f"expected a MW format, got {cell.number_format!r}")
        return False

    check_table(wb, "mc_summary", summary, summary_cell)
    check_table(wb, "mc_dates", read_csv(os.path.join(out, "dates.csv")))
    check_table(wb, "mc_questions", read_csv(os.path.join(out, "questions.csv")))

    def fan_cell(where, name, values, cell, text):
        if name != "month":
            return False
        if not (isinstance(cell.value, datetime.datetime) and cell.is_date):
            fail(where, f"month is not an Excel date: {cell.value!r}")
        elif cell.value.strftime("%Y-%m") != text or cell.value.day != 1:
            fail(where, f"month cell holds {cell.value}, expected {text}")
        elif cell.number_format != "yyyy-mm":
            fail(where, f"month format {cell.number_format!r}")
        return True

    check_table(wb, "mc_fan", read_csv(os.path.join(out, "fan.csv")), fan_cell)

    def sensitivity_cell(where, name, values, cell, text):
        # A date metric's base and ends are days since 1970 in the CSV file,
        # Excel dates in the workbook.
        if units.get(values["metric"]) != "date" or name not in ("base", "at_p10", "at_p90"):
            return False
        if text == "":
            check_cell(where, cell, None)
        elif not (isinstance(cell.value, datetime.datetime) and cell.is_date):
            fail(where, f"expected a date, got {cell.value!r}")
        elif excel_days(cell) != round(float(text)):
            fail(where, f"expected {EPOCH + datetime.timedelta(days=round(float(text)))}, "
                        f"got {cell.value.date()}")
        return True

    check_table(wb, "mc_sensitivity", read_csv(os.path.join(out, "sensitivity.csv")),
                sensitivity_cell)
    with open(os.path.join(out, "mc_summary.json")) as f:
        mc = json.load(f)
    run = {r[0].value: r[1] for r in rows(wb["mc_run"])}
    check_cell("mc_run seed", run["seed"], str(mc["seed"]))
    check_cell("mc_run trials.done", run["trials.done"], mc["trials"]["done"])
    check_cell("mc_run scenario.id", run["scenario.id"], mc["scenario"]["id"])
    return sum(len(rows(wb[n])) for n in wb.sheetnames if n.startswith("mc_"))


def check_mc_case(cli, work):
    scenario = "tests/mpi/uncertain_tiny.toml"
    out, base = os.path.join(work, "mc"), os.path.join(work, "mc-base")
    book = os.path.join(work, "mc.xlsx")
    run = subprocess.run([cli, "mc", scenario, "--trials", "64", "--step", "month",
                          "--sensitivity", "--quiet", "--out", out, "--xlsx", book],
                         capture_output=True, text=True)
    if run.returncode != 0:
        fail("mc", f"stargate mc exited {run.returncode}: {run.stderr}")
        return
    run = subprocess.run([cli, "run", scenario, "--step", "month", "--out", base, "--monthly"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        fail("mc", f"stargate run exited {run.returncode}: {run.stderr}")
        return
    wb = openpyxl.load_workbook(book)
    want = ["mc_summary", "mc_dates", "mc_questions", "mc_fan", "mc_sensitivity", "mc_run",
            "base_summary", "base_timeline", "base_flows", "assumptions"]
    if wb.sheetnames != want:
        fail("mc", f"sheets {wb.sheetnames}, expected {want}")
        return
    for ws in wb.worksheets:
        check_layout(ws)
    before = len(failures)
    n = check_mc(wb, out)
    with open(os.path.join(base, "summary.json")) as f:
        check_summary(wb, json.load(f), "base_summary")
    check_timeline(wb, os.path.join(base, "timeline.csv"), "base_timeline")
    check_csv_sheet(wb, "base_flows", os.path.join(base, "flows.csv"), {"amount_usd"})
    print(f"mc: {len(wb.sheetnames)} sheets, {n} Monte Carlo rows checked against mc_summary.csv, "
          f"dates.csv, questions.csv, fan.csv and sensitivity.csv; {len(failures) - before} "
          f"problems")


def main():
    cli, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.chdir(source)  # scenario paths and the `where` column are relative to it
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for case in CASES:
        name = os.path.basename(case["scenario"]).replace(".toml", "")
        out, book = os.path.join(work, name), os.path.join(work, name + ".xlsx")
        run = subprocess.run([cli, "run", case["scenario"], "--out", out, "--monthly",
                              "--xlsx", book], capture_output=True, text=True)
        if run.returncode != 0:
            fail(name, f"stargate run exited {run.returncode}: {run.stderr}")
            continue
        if sorted(os.listdir(work)) != sorted(
                set(os.listdir(work)) - {n for n in os.listdir(work) if ".tmp-" in n}):
            fail(name, f"temporary files left: {os.listdir(work)}")
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        wb = openpyxl.load_workbook(book)
        if wb.sheetnames != case["sheets"]:
            fail(name, f"sheets {wb.sheetnames}, expected {case['sheets']}")
            continue
        for ws in wb.worksheets:
            check_layout(ws)
        before = len(failures)
        check_summary(wb, summary)
        check_timeline(wb, os.path.join(out, "timeline.csv"))
        check_csv_sheet(wb, "flows", os.path.join(out, "flows.csv"), {"amount_usd"})
        if "runs" in wb.sheetnames:
            check_csv_sheet(wb, "runs", os.path.join(out, "runs.csv"),
                            {"accelerators", "flop", "goodput", "params", "tokens", "loss",
                             "cost_usd"})
        check_contracts(wb, summary)
        check_assumptions(wb, case["assumptions"])
        cells = sum(ws.max_row * ws.max_column for ws in wb.worksheets)
        print(f"{name}: {len(wb.sheetnames)} sheets, {cells} cells checked against the run's "
              f"files; {len(failures) - before} problems")
    check_mc_case(cli, work)
    for f in failures[:40]:
        print("FAIL", f)
    if len(failures) > 40:
        print(f"... and {len(failures) - 40} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
