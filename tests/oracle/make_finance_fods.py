#!/usr/bin/python3
"""Writes finance.fods: the cases on which LibreOffice Calc is the oracle for
src/core/finance.h. Each row is one case: its inputs as plain cells and its
result as a Calc formula. `run_oracle.sh` has Calc compute the formulas and
export the sheet as finance.csv, which tests/oracle/finance_oracle_test.cc
compares with our functions.

Columns: A id, B kind, C rate, D nper, E pv, F per, G fv, H type, I result,
J..U up to 12 values, V..AG up to 12 dates (as serial day numbers from
1899-12-30, the spreadsheet epoch).

Run it only to change the cases:  /usr/bin/python3 make_finance_fods.py > finance.fods
"""
import datetime
import sys
from xml.sax.saxutils import escape

EPOCH = datetime.date(1899, 12, 30)
VALUE_COLS = [chr(c) for c in range(ord("J"), ord("U") + 1)]          # J..U
DATE_COLS = ["V", "W", "X", "Y", "Z", "AA", "AB", "AC", "AD", "AE", "AF", "AG"]


def serial(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


cases = []  # (id, kind, rate, nper, pv, per, fv, type, values, dates, formula)


def add(kind, formula, rate="", nper="", pv="", per="", fv="", typ="", values=(), dates=()):
    cases.append((len(cases) + 1, kind, rate, nper, pv, per, fv, typ, list(values), [serial(d) for d in dates], formula))


def vrange(row, n):
    return f"[.J{row}:.{VALUE_COLS[n - 1]}{row}]"


def drange(row, n):
    return f"[.V{row}:.{DATE_COLS[n - 1]}{row}]"


# NPV and IRR on regular periods.
for rate, values in [(0.1, [-1000, 300, 400, 500, 200]), (0.05, [100] * 10), (0.0, [1, 2, 3]),
                     (-0.02, [50, 50, -20]), (0.08, [-2.3e9, 3e8, 3.5e8, 4e8, 4e8, 4e8, 4e8, 4e8, 4e8, 4e8])]:
    add("npv", lambda r, n=len(values): f"of:=NPV([.C{r}];{vrange(r, n)})", rate=rate, values=values)
for values in [[-1000, 300, 400, 500, 200], [-100, 10, 10, 110], [-5000, 0, 0, 0, 8000],
               [-1000, 100, 100, 100, 100], [-2.3e9, 3e8, 3.5e8, 4e8, 4e8, 4e8, 4e8, 4e8, 4e8, 4e8]]:
    add("irr", lambda r, n=len(values): f"of:=IRR({vrange(r, n)})", values=values)

# XNPV and XIRR on dated flows, like an investor's contributions and returns.
dated = [
    ([-1000, 200, 300, 700], ["2025-01-01", "2025-03-15", "2025-11-30", "2026-06-01"]),
    ([-6e8, -6e8, -6e8, 1.5e8, 3e8, 3e8, 3e8, 2.4e9],
     ["2025-01-21", "2025-07-01", "2026-01-01", "2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"]),
    ([-100, -50, 20, 20, 20, 20, 20, 100], ["2024-02-29", "2024-08-31", "2025-02-28", "2025-08-31",
                                           "2026-02-28", "2026-08-31", "2027-02-28", "2027-08-31"]),
]
for values, dates in dated:
    add("xirr", lambda r, n=len(values): f"of:=XIRR({vrange(r, n)};{drange(r, n)})", values=values, dates=dates)
    for rate in (0.07, 0.12):
        add("xnpv", lambda r, n=len(values): f"of:=XNPV([.C{r}];{vrange(r, n)};{drange(r, n)})",
            rate=rate, values=values, dates=dates)

# PMT, IPMT, PPMT, with payments at the end (type 0) and the start (type 1).
for rate, nper, pv, fv, typ in [(0.07 / 12, 120, 1e6, 0, 0), (0.05, 10, 1e6, 0, 0), (0.0, 12, 1200, 0, 0),
                                (0.08, 15, 2.3e9, 0, 0), (0.05, 10, 1000, 0, 1), (0.06, 5, 1000, -200, 0)]:
    add("pmt", lambda r: f"of:=PMT([.C{r}];[.D{r}];[.E{r}];[.G{r}];[.H{r}])", rate=rate, nper=nper, pv=pv, fv=fv, typ=typ)
for rate, per, nper, pv, typ in [(0.07 / 12, 1, 120, 1e6, 0), (0.07 / 12, 60, 120, 1e6, 0), (0.05, 10, 10, 1e6, 0),
                                 (0.05, 3, 10, 1000, 1), (0.05, 1, 10, 1000, 1), (0.08, 7, 15, 2.3e9, 0)]:
    add("ipmt", lambda r: f"of:=IPMT([.C{r}];[.F{r}];[.D{r}];[.E{r}];0;[.H{r}])", rate=rate, per=per, nper=nper, pv=pv, typ=typ)
    add("ppmt", lambda r: f"of:=PPMT([.C{r}];[.F{r}];[.D{r}];[.E{r}];0;[.H{r}])", rate=rate, per=per, nper=nper, pv=pv, typ=typ)

# Level annuity schedules: the balance after `per` payments is pv plus the
# cumulative principal (CUMPRINC is negative).
for rate, nper, pv in [(0.06 / 4, 40, 1e8), (0.075, 12, 2.3e9)]:
    for per in (1, nper // 4, nper - 1, nper):
        add("annuity_balance", lambda r: f"of:=[.E{r}]+CUMPRINC([.C{r}];[.D{r}];[.E{r}];1;[.F{r}];0)",
            rate=rate, nper=nper, pv=pv, per=per)

# Sculpted repayment: debt service = k × CFADS with k = principal / NPV(rate; CFADS).
for rate, pv, cfads in [(0.07, 500, [80, 90, 100, 110, 120, 120, 120]),
                        (0.065 / 4, 2.3e9, [5e7, 6e7, 7e7, 8e7, 9e7, 1e8, 1.1e8, 1.2e8, 1.2e8, 1.2e8, 1.2e8, 1.2e8])]:
    add("sculpt_k", lambda r, n=len(cfads): f"of:=[.E{r}]/NPV([.C{r}];{vrange(r, n)})", rate=rate, pv=pv, values=cfads)


def cell(v, formula=None):
    if formula:
        return f'<table:table-cell table:formula="{escape(formula)}" office:value-type="float" office:value="0"/>'
    if v == "" or v is None:
        return "<table:table-cell/>"
    if isinstance(v, str):
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{float(v)!r}"/>'


rows = []
header = ["id", "kind", "rate", "nper", "pv", "per", "fv", "type", "result"] + \
         [f"v{i}" for i in range(1, 13)] + [f"d{i}" for i in range(1, 13)]
rows.append("<table:table-row>" + "".join(cell(h) for h in header) + "</table:table-row>")
for idx, (cid, kind, rate, nper, pv, per, fv, typ, values, dates, formula) in enumerate(cases):
    r = idx + 2
    cells = [cell(cid), cell(kind), cell(rate), cell(nper), cell(pv), cell(per), cell(fv), cell(typ),
             cell(None, formula(r))]
    cells += [cell(v) for v in values] + [cell(None)] * (12 - len(values))
    cells += [cell(d) for d in dates] + [cell(None)] * (12 - len(dates))
    rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")

sys.stdout.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="finance">
{chr(10).join(rows)}
</table:table></office:spreadsheet></office:body></office:document>
""")
