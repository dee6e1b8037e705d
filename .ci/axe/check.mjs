// Loads each HTML notice given on the command line in headless Chromium (driven by
// chromedriver), runs axe-core against WCAG 2.0, 2.1 and 2.2 A and AA, and fails on
// any violation. With --screenshot FILE, also saves the first page as a PNG.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { Builder } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let screenshot = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--screenshot") screenshot = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node check.mjs [--screenshot FILE.png] NOTICE.html...");
  process.exit(2);
}

const options = new chrome.Options().addArguments(
  "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400",
);
const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER || "/usr/bin/chromedriver");
const driver = await new Builder()
  .forBrowser("chrome")
  .setChromeOptions(options)
  .setChromeService(service)
  .build();

let failures = 0;
try {
  for (const [index, file] of files.entries()) {
    await driver.get(pathToFileURL(resolve(file)).href);
    await driver.executeScript(axeSource);
    const result = await driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
        .then(r => done({ violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")) })), passes: r.passes.length }))
        .catch(e => done({ error: String(e) }));
    `);
    if (result.error) {
      console.error(`${file}: axe failed: ${result.error}`);
      failures++;
      continue;
    }
    if (result.violations.length > 0) {
      failures++;
      for (const v of result.violations) {
        console.error(`${file}: ${v.id} (${v.impact}): ${v.help}\n    at ${v.nodes.join("\n    at ")}`);
      }
    } else {
      console.log(`ok: ${file} (axe: ${result.passes} rules pass, 0 violations)`);
    }
    if (screenshot && index === 0) {
      const png = await driver.takeScreenshot();
      (await import("node:fs")).writeFileSync(screenshot, Buffer.from(png, "base64"));
      console.log(`screenshot: ${screenshot}`);
    }
  }
} finally {
  await driver.quit();
}
process.exit(failures > 0 ? 1 : 0);
