// report.html in a real browser: headless Chromium (Debian's), driven by
// playwright-core from src/io/report/assets (both installed by `make setup`).
//
//   node tests/browser/report_test.mjs STARGATE ARTIFACT_DIR
//
// For the built-in scenario and a small one without capital or tenants, it
// runs `STARGATE run ... --out ARTIFACT_DIR/<name> --report`, opens
// report.html from disk (file://) and checks that
//   - every section in the page's data is drawn, with its reading;
//   - every chart rendered as many series as its data has: one SVG path per
//     series for lines and areas, one fill colour per series for bars (the
//     expected count is read from the JSON inlined in the file, not from the
//     page's script);
//   - no console error or warning and no uncaught exception happened;
//   - the page requested nothing but the file itself;
// and saves a full-page screenshot as ARTIFACT_DIR/report.png (and
// report-<name>.png for the others). Exit 0 when every check holds.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
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

const cases = [
  { name: "stargate-2025-01", args: [], screenshot: "report.png" },
  { name: "tiny", args: [join(root, "tests/transcripts/tiny.toml")], screenshot: "report-tiny.png" },
];

// The document the page draws, read from the file as written.
function reportData(html) {
  const m = html.match(/<script type="application\/json" id="stargate-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error("no stargate-data block in the page");
  return JSON.parse(m[1]);
}

// What each chart should draw: its kind of mark and how many series.
function expectedCharts(data) {
  const out = [];
  for (const section of data.sections) {
    for (const block of section.blocks) {
      if (block.kind !== "chart") continue;
      const mark = typeof block.spec.mark === "string" ? block.spec.mark : block.spec.mark.type;
      const series = new Set(block.spec.data.values.map((row) => row.series));
      out.push({ id: block.id, mark, series: series.size });
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
    try {
      execFileSync(stargate, ["run", ...c.args, "--out", out, "--report"], { stdio: "pipe" });
    } catch (e) {
      problems.push(`${c.name}: stargate run failed: ${e.stderr}`);
      continue;
    }
    const file = join(out, "report.html");
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
      const n = e.mark === "line" ? d.line : e.mark === "area" ? d.area : d.bar;
      if (!d.svg) problems.push(`${c.name}: chart ${e.id} has no visible SVG`);
      if (n !== e.series) {
        problems.push(`${c.name}: chart ${e.id} drew ${n} ${e.mark} series, its data has ${e.series}`);
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
