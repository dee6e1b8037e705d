// The desk end to end in a real browser (headless Chromium, driven by chromedriver):
// start `foinotice serve` on an empty casebook, create a case through "New case",
// type a bad date and see the located error, fix it, watch the preview change, save,
// issue, and find the PDF in the casebook with its manifest line; then a family: the
// bulk example's lead, its followers uploaded (one follower's request changed, so held
// back), the differences recorded, the family issued with its progress followed, and
// its manifest checked against the files. axe-core checks the desk's pages on the way
// (WCAG 2.x A and AA). Usage:
//   node desk.mjs FOINOTICE-BINARY EXAMPLE.toml [--screenshots DIR]
import { mkdtempSync, mkdirSync, readFileSync, existsSync, copyFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { Builder, By, until } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [binary, example, ...rest] = process.argv.slice(2);
const shots = rest[0] === "--screenshots" ? rest[1] : null;
if (!binary || !example) {
  console.error("usage: node desk.mjs FOINOTICE-BINARY EXAMPLE.toml [--screenshots DIR]");
  process.exit(2);
}

const casebook = mkdtempSync(join(tmpdir(), "foinotice-desk-e2e-"));
mkdirSync(join(casebook, "cases"));
const server = spawn(binary, ["serve", casebook, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
const address = await new Promise((ok, fail) => {
  let said = "";
  server.stderr.on("data", (d) => {
    said += d;
    const m = said.match(/is at (http:\/\/\S+)/);
    if (m) ok(m[1].replace(/\/$/, ""));
  });
  server.on("exit", (code) => fail(new Error(`the desk stopped (${code}): ${said}`)));
  setTimeout(() => fail(new Error(`the desk did not start: ${said}`)), 15000);
});

const options = new chrome.Options().addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000");
const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER || "/usr/bin/chromedriver");
const driver = await new Builder().forBrowser("chrome").setChromeOptions(options).setChromeService(service).build();

const step = (what) => console.log(`ok: ${what}`);
async function axe(page) {
  await driver.executeScript(axeSource);
  const r = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
      .then(r => done(r.violations.map(v => v.id + ": " + v.help + " at " + v.nodes.map(n => n.target.join(" ")).join(", "))))
      .catch(e => done(["axe failed: " + e]));
  `);
  if (r.length) throw new Error(`${page}: ${r.join("\n")}`);
  step(`${page}: axe finds no violation`);
}
async function shot(name) {
  if (!shots) return;
  const fs = await import("node:fs");
  fs.writeFileSync(join(shots, name), await driver.takeScreenshot(), "base64");
}
async function setText(text) {
  await driver.executeScript(`const t = document.getElementById('text'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));`, text);
}
const diagnostics = () => driver.findElement(By.id("diagnostics")).getText();
const preview = () => driver.executeScript(`return document.getElementById('preview').srcdoc;`);

try {
  await driver.get(address + "/");
  await driver.wait(until.titleContains("Casebook"), 5000);
  await axe("the casebook");

  // A new case, through the interview, one step at a time.
  await driver.findElement(By.linkText("decision notice")).click();
  await driver.wait(until.titleContains("New decision notice"), 5000);
  await axe("the interview");
  const answers = [
    { file: "cases/e2e", "a.reference": "IC-401234-N5K8", "a.regime": "FOIA", "a.complainant.pronoun": "he" },
    { "a.authority.name": "Northshire County Council", "a.authority.address": "County Hall\nNorthtown\nNT1 2BB" },
    { "a.request.date": "2026-02-19", "a.request.summary": "the council's highways maintenance contract", "a.request.wording": "Please provide the pricing schedule of the contract." },
    { "a.response.date": "2026-03-19", "a.response.parts[0].position": "refused", "a.response.parts[0].exemption": "43(2)" },
    { "a.complaint.date": "2026-05-05" },
    { "a.decision.outcome": "not-upheld", "a.reasons[0].text": "The exemption is engaged and the public interest favours maintaining it.", "a.date": "2026-10-15", "a.signatory.role": "Senior Case Officer" },
  ];
  for (const [i, a] of answers.entries()) {
    await driver.wait(async () => (await driver.getPageSource()).includes(`Step ${i + 1} of 6`), 5000);
    if (i === 2) {
      // Back a step: the authority's answers are there as given; then on again.
      await driver.findElement(By.css("#interview button[name=back]")).click();
      await driver.wait(async () => (await driver.getPageSource()).includes("Step 2 of 6"), 5000);
      const name = await driver.findElement(By.css('[name="a.authority.name"]')).getAttribute("value");
      if (name !== "Northshire County Council") throw new Error(`going back lost the answer: ${name}`);
      await driver.findElement(By.css("#interview input[type=submit]")).click();
      await driver.wait(async () => (await driver.getPageSource()).includes("Step 3 of 6"), 5000);
      step("the interview goes back a step with its answers, and on again");
    }
    await driver.executeScript(`for (const [k, v] of Object.entries(arguments[0])) document.querySelector('[name="' + k + '"]').value = v;`, a);
    await driver.findElement(By.css("#interview input[type=submit]")).click();
  }
  await driver.wait(until.urlContains("/case?path=cases/e2e.toml"), 5000);
  await driver.wait(async () => (await preview()).includes("Northshire County Council"), 5000);
  step("the interview makes a case file whose notice previews");

  // The facts, typed in with a date that does not exist: the error, at its line.
  const facts = readFileSync(example, "utf8");
  const bad = facts.replace("date = 2026-02-19", "date = 2026-02-30");
  const badLine = bad.split("\n").findIndex((l) => l.includes("2026-02-30")) + 1;
  await setText(bad);
  await driver.wait(async () => (await diagnostics()).includes(`line ${badLine}: invalid date`), 5000);
  await driver.wait(async () => {
    const at = await driver.findElement(By.id("c-request-date")).getText();
    return at.includes("invalid date") && at.includes(`(line ${badLine})`);
  }, 5000);
  step(`a bad date is reported at line ${badLine}, and at the request's date field`);
  await shot("desk-error.png");

  // Fixed: the notice appears; changed: the preview follows.
  await setText(facts);
  await driver.wait(async () => (await preview()).includes("Northshire County Council"), 5000);
  await setText(facts.replaceAll("Northshire County Council", "Westshire County Council"));
  await driver.wait(async () => (await preview()).includes("Westshire County Council"), 5000);
  step("the preview follows the text");

  // A field of the form, edited: the change is made in the text, the rest kept.
  const short = await driver.findElement(By.css("[data-field='authority.short']"));
  await short.sendKeys("the council");
  await driver.findElement(By.css("[data-field='request.summary']")).click();
  await driver.wait(async () => (await driver.executeScript("return document.getElementById('text').value;")).includes('short = "the council"'), 5000);
  const kept = await driver.executeScript("return document.getElementById('text').value;");
  if (!kept.startsWith("# A decision notice")) throw new Error("the field's change lost the file's comments");
  await driver.wait(async () => (await preview()).includes("the council"), 5000);
  step("a field set in the form lands in the text, comments kept, and in the preview");
  // A list: a step added, written in its own field, then removed again.
  const textValue = () => driver.executeScript("return document.getElementById('text').value;");
  await driver.findElement(By.css("[data-add='decision.steps']")).click();
  await driver.wait(until.elementLocated(By.css("[data-field='decision.steps[0]']")), 5000);
  await driver.findElement(By.css("[data-field='decision.steps[0]']")).sendKeys("Disclose the pricing schedule.");
  await driver.findElement(By.css("[data-field='signatory.role']")).click();
  await driver.wait(async () => (await textValue()).includes("Disclose the pricing schedule."), 5000);
  await driver.findElement(By.css("[data-remove='decision.steps'][data-index='0']")).click();
  await driver.wait(async () => !(await textValue()).includes("Disclose the pricing schedule."), 5000);
  await driver.wait(async () => (await driver.findElements(By.css("[data-field='decision.steps[0]']"))).length === 0, 5000);
  if (!(await textValue()).startsWith("# A decision notice")) throw new Error("adding and removing a step lost the file's comments");
  step("a step is added, written in its field, and removed, the rest of the text kept");
  await axe("the case page");
  await shot("desk-case.png");

  // Saved, then issued.
  await driver.findElement(By.css("#save input[type=submit]")).click();
  const savedFile = join(casebook, "cases/e2e.toml");
  await driver.wait(async () => readFileSync(savedFile, "utf8").includes("Westshire County Council"), 5000)
    .catch(() => { throw new Error("the save did not reach the file"); });
  await driver.wait(async () => (await driver.getPageSource()).includes("Issue the notice"), 5000);
  step("saved to the case file");
  await driver.findElement(By.css("form[action='/case/issue'] input[type=submit]")).click();
  await driver.wait(async () => (await driver.getPageSource()).includes("This notice is issued"), 10000);
  const pdf = join(casebook, "issued/cases--e2e/e2e.pdf");
  if (!existsSync(pdf)) throw new Error(`no ${pdf}`);
  const sha = createHash("sha256").update(readFileSync(pdf)).digest("hex");
  const manifest = readFileSync(join(casebook, "issued/manifest.tsv"), "utf8");
  if (!manifest.includes(`cases/e2e.toml\tissued/cases--e2e/e2e.pdf\t${sha}`)) throw new Error(`the manifest lacks the PDF's line:\n${manifest}`);
  step("issued: the PDF is in the casebook with its manifest line");

  await driver.get(address + "/");
  await driver.wait(async () => (await driver.getPageSource()).includes("issued</span>"), 5000);
  await shot("desk-casebook.png");
  step("the casebook shows the case as issued");

  // A family: the bulk example's lead in the casebook, its followers uploaded from
  // outside it, one follower's request changed.
  const bulk = join(dirname(example), "bulk");
  mkdirSync(join(casebook, "family"));
  copyFileSync(join(bulk, "lead.toml"), join(casebook, "family/lead.toml"));
  const rows = readFileSync(join(bulk, "followers.csv"), "utf8").split("\n");
  const header = rows[0].split(",");
  const at = rows.findIndex((r) => r.startsWith("IOT-2018-01,"));
  const cells = rows[at].split(",");
  if (cells.length !== header.length) throw new Error("the example follower's row has quoted commas");
  cells[header.indexOf("request.wording")] = '"Do you use connected devices in your investigations?"';
  rows[at] = cells.join(",");
  const outside = mkdtempSync(join(tmpdir(), "foinotice-desk-list-"));
  writeFileSync(join(outside, "followers.csv"), rows.join("\n"));
  await driver.get(address + "/case?path=family/lead.toml");
  await driver.findElement(By.partialLinkText("Family")).click();
  await driver.wait(until.titleContains("Family of family/lead.toml"), 5000);
  await driver.findElement(By.id("upload")).sendKeys(join(outside, "followers.csv"));
  await driver.wait(until.urlContains("followers=followers.csv"), 10000);
  await driver.wait(async () => (await driver.getPageSource()).includes("Held back"), 10000);
  const added = await driver.findElements(By.css("#row-IOT-2018-01 .diff ins.word"));
  const held = (await Promise.all(added.map((w) => w.getText()))).join(" ");
  if (!held) throw new Error("the held-back follower shows no word differences");
  step(`the list is uploaded and checked: IOT-2018-01 is held back, its request differing ("${held}")`);
  await axe("the family page");
  await shot("desk-family.png");
  await driver.findElement(By.css("#row-IOT-2018-01 input[name=text]")).sendKeys("The same question about the same capabilities, in fewer words.");
  await driver.findElement(By.css("#row-IOT-2018-01 input[type=submit]")).click();
  await driver.wait(async () => (await driver.getPageSource()).includes("differences considered: The same question"), 10000);
  if (!readFileSync(join(casebook, "followers.csv"), "utf8").includes("The same question about the same capabilities")) {
    throw new Error("the differences considered did not reach the list");
  }
  step("the differences considered are recorded in the list, and the follower is ready");
  await driver.findElement(By.css("form[action='/family/issue'] input[type=submit]")).click();
  await driver.wait(until.elementLocated(By.id("progress-text")), 10000);
  await driver.wait(async () => (await driver.findElement(By.id("progress-text")).getText()).startsWith("Done"), 30000);
  const said = await driver.findElement(By.id("progress-text")).getText();
  if (!said.includes("45 issued")) throw new Error(`the family was not all issued: ${said}`);
  const family = JSON.parse(readFileSync(join(casebook, "issued/family--lead--family/manifest.json"), "utf8"));
  let checked = 0;
  for (const n of family.notices) for (const o of n.outputs) {
    const got = createHash("sha256").update(readFileSync(join(casebook, "issued/family--lead--family", o.file))).digest("hex");
    if (got !== o.sha256) throw new Error(`${o.file}: the manifest's hash is not the file's`);
    checked += 1;
  }
  await driver.findElement(By.id("manifest-link"));
  step(`the family is issued with its progress followed: ${said} (${checked} files, each as the manifest says)`);
  await axe("the family page after issuing");
  await shot("desk-family-issued.png");
} catch (e) {
  console.error(`desk end to end: ${e.message || e}`);
  process.exitCode = 1;
} finally {
  await driver.quit();
  server.kill("SIGINT");
}
