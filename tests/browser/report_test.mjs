// report.html in a real browser: headless Chromium (Debian's), driven by
// playwright-core from src/io/report/assets (both installed by `make setup`).
//
//   node tests/browser/report_test.mjs STARGATE ARTIFACT_DIR
//
// It writes six reports — `run --report` of the built-in scenario and of a
// small one without capital or tenants; `mc --report` of both (64 monthly
// trials, with --sensitivity); `compare A B --report` of two scenarios one
// input apart, and of the built-in scenario against a result folder of it
// run with one input changed — opens each from disk (file://) and checks that
//   - every section in the page's data is drawn, with its reading;
//   - every chart rendered as many series as its data has: one SVG path per
//     series for lines and areas (per layer, and per facet cell), one fill
//     colour per series for bars and ticks (the expected counts are read from
//     the JSON inlined in the file, not from the page's script);
//   - no console error or warning and no uncaught exception happened;
//   - the page requested nothing but the file itself;
// and saves a full-page screenshot as ARTIFACT_DIR/report.png (and
// report-<name>.png for the others). Exit 0 when every check holds.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const assets = join(root, "src/io/report/assets");
const chromiumPath = "/usr/bin/chromium";

const [stargate, artifacts] = process.argv.slice(2);
if (!stargate || !artifacts) {
  console.error("usage: node report_test.mjs STARGATE ARTIFACT_DIR");
  process.exit(2);
}

function fail(message) {
  console.error("report_test: " + message);
  process.exit(1);
}

let chromium;
try {
  ({ chromium } = createRequire(join(assets, "package.json"))("playwright-core"));
} catch {
  fail(`playwright-core is not installed in ${assets}/node_modules: run \`make setup\``);
}
if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing: run \`make setup\``);

const tiny = join(root, "tests/transcripts/tiny.toml");
const uncertain = join(root, "tests/mpi/uncertain_tiny.toml");
const mcArgs = ["--trials", "64", "--step", "month", "--sensitivity", "--quiet"];
// Each case: the commands that write its report, and where the report is.
const cases = [
  { name: "stargate-2025-01", screenshot: "report.png",
    run: (dir) => [["run", "--out", dir, "--report"]], file: (dir) => join(dir, "report.html") },
  { name: "tiny", screenshot: "report-tiny.png",
    run: (dir) => [["run", tiny, "--out", dir, "--report"]], file: (dir) => join(dir, "report.html") },
  { name: "mc-stargate-2025-01", screenshot: "report-mc.png",
    run: (dir) => [["mc", ...mcArgs, "--out", dir, "--report"]],
    file: (dir) => join(dir, "report.html") },
  { name: "mc-uncertain-tiny", screenshot: "report-mc-tiny.png",
    run: (dir) => [["mc", uncertain, ...mcArgs, "--report", join(dir, "mc.html")]],
    file: (dir) => join(dir, "mc.html") },
  // Two scenarios one input apart: the grid comes online two months later.
  { name: "compare-tiny", screenshot: "report-compare-tiny.png",
    run: (dir) => [["compare", tiny, join(root, "tests/transcripts/tiny-late-grid.toml"),
                    "--report", join(dir, "compare.html")]],
    file: (dir) => join(dir, "compare.html") },
  // The built-in scenario against a result folder of it with Abilene's second
  // phase taking 30 months.
  { name: "compare-stargate-2025-01", screenshot: "report-compare.png",
    run: (dir) => [["run", "--set", "sites.abilene.phases.phase2.duration=30mo", "--out",
                    join(dir, "abilene-slow")],
                   ["compare", "stargate-2025-01", join(dir, "abilene-slow"), "--report",
                    join(dir, "compare.html")]],
    file: (dir) => join(dir, "compare.html") },
];

// The document the page draws, read from the file as written.
function reportData(html) {
  const m = html.match(/<script type="application\/json" id="stargate-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error("no stargate-data block in the page");
  return JSON.parse(m[1]);
}

// What each chart should draw: per kind of mark, how many groups — one per
// series in each layer (times facet cells) for lines and areas — and the
// distinct fill colours of bars and ticks: a series' colour from the spec's
// colour scale, or a layer's fixed colour.
function expectedCharts(data) {
  const out = [];
  for (const section of data.sections) {
    for (const block of section.blocks) {
      if (block.kind !== "chart") continue;
      const spec = block.spec;
      const rows = spec.data.values;
      const inner = spec.spec ?? spec;  // a facet's repeated chart
      const facet = spec.facet?.field;
      const layers = inner.layer ?? [inner];
      const want = { line: 0, area: 0, bar: new Set() };
      const series = new Set(rows.map((row) => row.series));
      for (const layer of layers) {
        const mark = typeof layer.mark === "string" ? layer.mark : layer.mark.type;
        const color = layer.encoding?.color ?? inner.encoding?.color ?? spec.encoding?.color;
        const byColor = color?.field === "series";
        if (mark === "line" || mark === "area") {
          const groups = new Set(rows.map((row) =>
              (facet ? row[facet] : "") + "|" + (byColor ? row.series : "")));
          want[mark] += groups.size;
        } else if (mark === "bar" || mark === "tick" || mark === "rect") {
          if (byColor) {
            const { domain, range } = color.scale;
            for (const name of series) want.bar.add(range[domain.indexOf(name)]);
          } else {
            want.bar.add(layer.mark.color ?? "#4c78a8");
          }
        }
      }
      out.push({ id: block.id, line: want.line, area: want.area, bar: want.bar.size,
                 series: series.size });
    }
  }
  return out;
}

// In the page: what each chart drew.
function renderedCharts() {
  const out = {};
  for (const div of document.querySelectorAll("[data-chart]")) {
    const svg = div.querySelector("svg");
    const groups = [...div.querySelectorAll("g.role-mark")];
    const paths = (kind) =>
      groups.filter((g) => g.classList.contains("mark-" + kind))
          .filter((g) => g.querySelector(":scope > path") !== null).length;
    const fills = new Set();
    for (const g of groups.filter((x) => x.classList.contains("mark-rect"))) {
      // Bars and ticks; a rect with no fill of its own is not a mark of the data.
      for (const p of g.querySelectorAll(":scope > path")) fills.add(p.getAttribute("fill"));
    }
    out[div.dataset.chart] = {
      svg: svg !== null && svg.getBoundingClientRect().width > 100 &&
          svg.getBoundingClientRect().height > 50,
      line: paths("line"),
      area: paths("area"),
      bar: fills.size,
    };
  }
  return out;
}

const problems = [];
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const c of cases) {
    const out = join(artifacts, c.name);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    try {
      for (const args of c.run(out)) execFileSync(stargate, args, { stdio: "pipe" });
    } catch (e) {
      problems.push(`${c.name}: stargate failed: ${e.stderr ?? e.message}`);
      continue;
    }
    const file = c.file(out);
    const url = pathToFileURL(file).href;
    const data = reportData(readFileSync(file, "utf8"));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const messages = [];
    const requests = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") messages.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => messages.push(`exception: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => window.stargateReport.ready);
    await page.evaluate(() => document.fonts.ready);

    const sections = await page.evaluate(() =>
        [...document.querySelectorAll("section.report")].map((s) => ({
          id: s.id,
          reading: s.querySelector("p.reading")?.textContent ?? "",
        })));
    const want = data.sections.map((s) => s.id).join(",");
    const got = sections.map((s) => s.id).join(",");
    if (want !== got) problems.push(`${c.name}: sections drawn ${got}, expected ${want}`);
    for (const s of sections) {
      if (s.reading.length < 20) problems.push(`${c.name}: section ${s.id} has no reading`);
    }

    const drawn = await page.evaluate(renderedCharts);
    const expected = expectedCharts(data);
    for (const e of expected) {
      const d = drawn[e.id];
      if (!d) {
        problems.push(`${c.name}: chart ${e.id} is not in the page`);
        continue;
      }
      if (!d.svg) problems.push(`${c.name}: chart ${e.id} has no visible SVG`);
      for (const kind of ["line", "area", "bar"]) {
        if (d[kind] !== e[kind]) {
          problems.push(`${c.name}: chart ${e.id} drew ${d[kind]} ${kind} series, its data has ` +
                        `${e[kind]}`);
        }
      }
    }
    for (const m of messages) problems.push(`${c.name}: console ${m}`);
    for (const r of requests) {
      if (r !== url) problems.push(`${c.name}: network request to ${r}`);
    }
    await page.screenshot({ path: join(artifacts, c.screenshot), fullPage: true });
    console.log(`${c.name}: ${data.sections.length} sections, ${expected.length} charts ` +
                `(${expected.map((e) => `${e.id} ${e.series}`).join(", ")}); ` +
                `${requests.length} request; screenshot ${join(artifacts, c.screenshot)}`);
    await page.close();
  }
} finally {
  await browser.close();
}

if (problems.length > 0) {
  for (const p of problems) console.error("FAIL " + p);
  process.exit(1);
}
console.log("report_test: ok");
