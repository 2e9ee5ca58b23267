// The web edition in a real browser (Debian's Chromium, headless, through puppeteer-core):
// axe-core on each page in the light and the dark scheme, the page widths at 360 and 1280 px, and
// searches; and screenshots for the README. Reads a JSON job on argv[2], writes a JSON report on
// stdout. Run by site_check.py and docs/pictures/site_pictures.py.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await puppeteer.launch({
  executablePath: job.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const report = { axe: [], widths: [], searches: [], shots: [] };
try {
  for (const shot of job.shots || []) { // pictures for the README, once the fonts are in
    const page = await browser.newPage();
    await page.setViewport({ width: shot.width, height: shot.height });
    await page.goto(job.base + shot.path, { waitUntil: "networkidle0" });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: shot.file });
    report.shots.push(shot.file);
    await page.close();
  }
  for (const path of job.axe || []) {
    for (const scheme of ["light", "dark"]) {
      const page = await browser.newPage();
      await page.setBypassCSP(true); // only to inject axe-core itself
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await page.goto(job.base + path, { waitUntil: "networkidle0" });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        const run = await window.axe.run(document, { resultTypes: ["violations"] });
        return run.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
      });
      report.axe.push({ path, scheme, violations: result });
      await page.close();
    }
  }
  for (const path of job.widths || []) {
    for (const width of [360, 1280]) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 800 });
      const outside = [];
      page.on("request", (request) => {
        if (!request.url().startsWith(job.base) && !request.url().startsWith("data:")) outside.push(request.url());
      });
      await page.goto(job.base + path, { waitUntil: "networkidle0" });
      const seen = await page.evaluate(() => {
        const clipped = [document.documentElement, document.body].map((e) => getComputedStyle(e).overflowX);
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          overflow: clipped,
          fonts: Array.from(document.fonts).filter((f) => f.status === "loaded").map((f) => f.family),
        };
      });
      report.widths.push({ path, width, ...seen, outside });
      await page.close();
    }
  }
  for (const query of job.searches || []) {
    const page = await browser.newPage();
    const errors = [];
    page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(job.base + "search/?q=" + encodeURIComponent(query), { waitUntil: "networkidle0" });
    await page.waitForFunction(() => document.getElementById("status").textContent.trim() !== "", { timeout: 20000 });
    const found = await page.evaluate(() => ({
      status: document.getElementById("status").textContent,
      links: Array.from(document.querySelectorAll("#results a")).map((a) => new URL(a.href).pathname),
    }));
    report.searches.push({ query, ...found, errors });
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
