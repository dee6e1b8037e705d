//! The desk end to end in a real browser: headless Chromium driven through
//! chromedriver (WebDriver, with the fantoccini client). It starts `foinotice serve` on
//! an empty casebook and works as a caseworker would: a new case through the interview
//! (going back a step on the way), a date that does not exist typed into the case
//! file and found at its line and at its field, fixed, the preview following the
//! text, a field set, a step added and removed, saved, issued, and the PDF found in
//! the casebook with its manifest line; then a family: the bulk example's lead, its
//! followers uploaded with one follower's request changed (held back), the differences
//! recorded, the family issued with its progress followed, and its manifest checked
//! against the files. axe-core checks every page of the desk on the way (WCAG 2.x A
//! and AA), when its script is installed (`.ci/axe`, `npm install`).
//!
//! Skipped, saying so, without chromedriver (Debian: `chromium`, `chromium-driver`);
//! `FOINOTICE_REQUIRE_TOOLS=1`, which `.ci/run` sets, makes that a failure.
//! `FOINOTICE_SCREENSHOTS=DIR` writes the screenshots `docs/` shows.

mod common;

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, String>;

/// A child process ended with the test, however it ends.
struct Running(Child);
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the desk on `casebook`, used by `user` and requiring approval, and returns
/// it with the address it printed.
fn desk(casebook: &Path, user: &str) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args(["serve", casebook.to_str().unwrap(), "--port", "0"])
        .args(["--approval", "--user", user])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the desk starts");
    let stderr = child.stderr.take().unwrap();
    let mut said = String::new();
    let mut lines = BufReader::new(stderr).lines();
    let address = loop {
        match lines.next() {
            Some(Ok(line)) => {
                said.push_str(&line);
                if let Some(rest) = line.split("is at ").nth(1) {
                    break rest.trim().trim_end_matches('/').to_string();
                }
            }
            _ => panic!("the desk did not start: {said}"),
        }
    };
    (Running(child), address)
}

struct Browser {
    client: Client,
    address: String,
    /// The address of a second desk on the same casebook, used by another person
    /// (the approver).
    second: String,
    axe: Option<String>,
    shots: Option<PathBuf>,
}

impl Browser {
    async fn go(&self, path: &str) -> Result {
        self.client
            .goto(&format!("{}{path}", self.address))
            .await
            .map_err(|e| format!("goto {path}: {e}"))
    }

    /// Opens a page of the second desk (the approver's).
    async fn go_second(&self, path: &str) -> Result {
        self.client
            .goto(&format!("{}{path}", self.second))
            .await
            .map_err(|e| format!("goto {path} (second desk): {e}"))
    }

    async fn find(&self, css: &str) -> Result<fantoccini::elements::Element> {
        self.client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))
    }

    async fn click(&self, css: &str) -> Result {
        self.find(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    /// Presses "Issue the notice" and confirms the question it asks.
    async fn issue(&self) -> Result {
        self.click("form[action='/case/issue'] input[type=submit]")
            .await?;
        self.client
            .accept_alert()
            .await
            .map_err(|e| format!("the confirmation: {e}"))
    }

    /// Presses keys on the keyboard, a key at a time, whatever has the focus
    /// (WebDriver's key actions, not typing into an element).
    async fn keys(&self, keys: &str) -> Result {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for value in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(actions)
            .await
            .map_err(|e| format!("keys {keys:?}: {e}"))
    }

    /// Whether the focused element matches `css`.
    async fn focused(&self, css: &str) -> bool {
        self.script(
            "return document.activeElement.matches(arguments[0]);",
            vec![css.into()],
        )
        .await
        .is_ok_and(|v| v == serde_json::json!(true))
    }

    /// Presses Tab until the focus is on `css`, at most `most` times, the focus never
    /// falling back to the page itself on the way: how many presses it took.
    async fn tab_to(&self, css: &str, most: usize) -> Result<usize> {
        for n in 1..=most {
            self.keys(TAB).await?;
            if self.focused(css).await {
                return Ok(n);
            }
            if self.focused("body").await {
                return Err(format!("Tab lost the focus on the way to {css}"));
            }
        }
        Err(format!("{css} was not reached in {most} presses of Tab"))
    }

    async fn type_in(&self, css: &str, text: &str) -> Result {
        self.find(css)
            .await?
            .send_keys(text)
            .await
            .map_err(|e| format!("type into {css}: {e}"))
    }

    async fn text_of(&self, css: &str) -> Result<String> {
        self.find(css)
            .await?
            .text()
            .await
            .map_err(|e| format!("{css}: {e}"))
    }

    async fn source(&self) -> String {
        self.client.source().await.unwrap_or_default()
    }

    async fn script(&self, js: &str, args: Vec<serde_json::Value>) -> Result<serde_json::Value> {
        self.client
            .execute(js, args)
            .await
            .map_err(|e| format!("script: {e}"))
    }

    /// The case page's editor text.
    async fn editor(&self) -> String {
        self.script("return document.getElementById('text').value;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Replaces the editor's text as typing would (an input event).
    async fn set_editor(&self, text: &str) -> Result {
        self.script(
            "const t = document.getElementById('text'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));",
            vec![text.into()],
        )
        .await
        .map(drop)
    }

    async fn preview(&self) -> String {
        self.script("return document.getElementById('preview').srcdoc;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// axe-core over the page: any WCAG 2.x A or AA violation fails.
    async fn axe(&self, page: &str) -> Result {
        let Some(source) = &self.axe else {
            return Ok(());
        };
        self.script(source, vec![]).await?;
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
                  .then(r => done(r.violations.map(v => v.id + ": " + v.help + " at " + v.nodes.map(n => n.target.join(" ")).join(", "))))
                  .catch(e => done(["axe failed: " + e]));"#,
                vec![],
            )
            .await
            .map_err(|e| format!("axe: {e}"))?;
        match found.as_array() {
            Some(v) if v.is_empty() => {
                said(&format!("{page}: axe finds no violation"));
                Ok(())
            }
            _ => Err(format!("{page}: {found}")),
        }
    }

    async fn shot(&self, name: &str) -> Result {
        let Some(dir) = &self.shots else {
            return Ok(());
        };
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        std::fs::write(dir.join(name), png).map_err(|e| e.to_string())
    }
}

/// WebDriver's Tab and Enter keys.
const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";

fn said(what: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "ok: {what}");
}

/// Waits up to `secs` seconds for `ready` to hold, checking every tenth of a second.
async fn until<F, Fut>(what: &str, secs: u64, mut ready: F) -> Result
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if ready().await {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("timed out waiting for {what}"))
}

fn sha256(path: &Path) -> String {
    foinotice::english::sha256(&std::fs::read(path).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_drafts_issues_and_issues_a_family_in_a_real_browser() {
    if !common::tool(&chromedriver(), &["--version"], "chromium-driver") {
        return;
    }
    let axe =
        std::fs::read_to_string(common::root().join(".ci/axe/node_modules/axe-core/axe.min.js"))
            .ok();
    if axe.is_none() {
        if std::env::var_os(common::REQUIRE_TOOLS).is_some_and(|v| v == "1") {
            panic!(
                "axe-core is not installed (.ci/axe: npm install), and {} says it is required",
                common::REQUIRE_TOOLS
            );
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the accessibility checks: axe-core is not installed (.ci/axe: npm install); set {}=1 to make this a failure",
            common::REQUIRE_TOOLS
        );
    }
    let casebook = common::scratch("browser");
    std::fs::create_dir_all(casebook.join("cases")).unwrap();
    let (_desk, address) = desk(&casebook, "D. Rafter");
    let (_second, second) = desk(&casebook, "A. Prover");
    let port = free_port();
    let _driver = Running(
        Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let driver_url = format!("http://127.0.0.1:{port}");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"] }),
    );
    let mut client = None;
    let started = Instant::now();
    while client.is_none() && started.elapsed() < Duration::from_secs(20) {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&driver_url)
            .await
        {
            Ok(c) => client = Some(c),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let client = client.expect("a WebDriver session with chromedriver");
    let shots = std::env::var_os("FOINOTICE_SCREENSHOTS").map(PathBuf::from);
    let browser = Browser {
        client: client.clone(),
        address,
        second,
        axe,
        shots,
    };
    let outcome = drive(&browser, &casebook).await;
    let _ = client.close().await;
    if let Err(e) = outcome {
        panic!("the desk end to end: {e}");
    }
}

async fn drive(b: &Browser, casebook: &Path) -> Result {
    b.go("/").await?;
    b.axe("the casebook").await?;
    b.click("a[href='/styles']").await?;
    until("the house styles", 5, || async {
        b.source().await.contains("<h2>Built in</h2>")
    })
    .await?;
    b.axe("the house styles").await?;
    b.go("/").await?;

    // A new case, through the interview, one step at a time.
    b.click("a[href='/interview?kind=decision-notice']").await?;
    b.axe("the interview").await?;
    let answers: [&[(&str, &str)]; 6] = [
        &[
            ("file", "cases/e2e"),
            ("a.reference", "IC-401234-N5K8"),
            ("a.regime", "FOIA"),
            ("a.complainant.pronoun", "he"),
        ],
        &[
            ("a.authority.name", "Northshire County Council"),
            ("a.authority.address", "County Hall\nNorthtown\nNT1 2BB"),
        ],
        &[
            ("a.request.date", "2026-02-19"),
            (
                "a.request.summary",
                "the council's highways maintenance contract",
            ),
            (
                "a.request.wording",
                "Please provide the pricing schedule of the contract.",
            ),
        ],
        &[
            ("a.response.date", "2026-03-19"),
            ("a.response.parts[0].position", "refused"),
            ("a.response.parts[0].exemption", "43(2)"),
        ],
        &[("a.complaint.date", "2026-05-05")],
        &[
            ("a.decision.outcome", "not-upheld"),
            (
                "a.reasons[0].text",
                "The exemption is engaged and the public interest favours maintaining it.",
            ),
            ("a.date", "2026-10-15"),
            ("a.signatory.role", "Senior Case Officer"),
        ],
    ];
    for (i, step) in answers.iter().enumerate() {
        let heading = format!("Step {} of 6", i + 1);
        until(&heading, 5, || async {
            b.source().await.contains(&heading)
        })
        .await?;
        if i == 2 {
            // Back a step: the authority's answers as given; then on again.
            b.click("#interview button[name=back]").await?;
            until("step 2 again", 5, || async {
                b.source().await.contains("Step 2 of 6")
            })
            .await?;
            let name = b
                .find("[name='a.authority.name']")
                .await?
                .prop("value")
                .await
                .map_err(|e| e.to_string())?;
            if name.as_deref() != Some("Northshire County Council") {
                return Err(format!("going back lost the answer: {name:?}"));
            }
            b.click("#interview input[type=submit]").await?;
            until("step 3 again", 5, || async {
                b.source().await.contains("Step 3 of 6")
            })
            .await?;
            said("the interview goes back a step with its answers, and on again");
        }
        let values: serde_json::Map<String, serde_json::Value> = step
            .iter()
            .map(|(k, v)| (k.to_string(), (*v).into()))
            .collect();
        b.script(
            "for (const [k, v] of Object.entries(arguments[0])) document.querySelector('[name=\"' + k + '\"]').value = v;",
            vec![values.into()],
        )
        .await?;
        b.click("#interview input[type=submit]").await?;
    }
    // The answers to check, before anything is written.
    until("check your answers", 5, || async {
        b.source()
            .await
            .contains("Check your answers before the case file is written")
    })
    .await?;
    b.axe("check your answers").await?;
    // Left there, and resumed from the casebook, where it waits.
    b.go("/").await?;
    until("the interview waiting on the casebook", 5, || async {
        b.source().await.contains("Interviews not finished")
    })
    .await?;
    b.axe("the casebook with an interview not finished").await?;
    b.click("#interviews a").await?;
    until("check your answers, resumed", 5, || async {
        b.source()
            .await
            .contains("Check your answers before the case file is written")
    })
    .await?;
    // A step changed from there: its answers as given, then back to the check.
    b.click("#interview button[name=goto][value='1']").await?;
    until("step 2, to change", 5, || async {
        b.source().await.contains("Step 2 of 6")
    })
    .await?;
    let name = b
        .find("[name='a.authority.name']")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    if name.as_deref() != Some("Northshire County Council") {
        return Err(format!("the step to change lost its answer: {name:?}"));
    }
    b.click("#interview input[type=submit]").await?;
    until("check your answers again", 5, || async {
        b.source()
            .await
            .contains("Check your answers before the case file is written")
    })
    .await?;
    said("the interview's answers are checked on one page, kept and resumed from the casebook, and a step changed from there");
    b.click("#create").await?;
    until("the new case's page", 5, || async {
        b.client
            .current_url()
            .await
            .is_ok_and(|u| u.as_str().contains("/case?path=cases/e2e.toml"))
    })
    .await?;
    until("the preview", 5, || async {
        b.preview().await.contains("Northshire County Council")
    })
    .await?;
    said("the interview makes a case file whose notice previews");

    // The facts, typed in with a date that does not exist: the error at its line and
    // at its field.
    let facts =
        std::fs::read_to_string(common::root().join("examples/decision-notice-not-upheld.toml"))
            .unwrap();
    let bad = facts.replacen("date = 2026-02-19", "date = 2026-02-30", 1);
    let line = bad.lines().position(|l| l.contains("2026-02-30")).unwrap() + 1;
    b.set_editor(&bad).await?;
    let at_line = format!("line {line}: invalid date");
    until(&at_line, 5, || async {
        b.text_of("#diagnostics")
            .await
            .is_ok_and(|t| t.contains(&at_line))
    })
    .await?;
    let at_field = format!("(line {line})");
    until("the error at the request's date", 5, || async {
        b.text_of("#c-request-date")
            .await
            .is_ok_and(|t| t.contains("invalid date") && t.contains(&at_field))
    })
    .await?;
    said(&format!(
        "a bad date is reported at line {line}, and at the request's date field"
    ));
    // Typed in the editor, the fields are drawn again from the text: the bad date
    // is marked at its field, and every other field stays, usable.
    b.script(
        "const t = document.getElementById('text'); t.focus(); t.value = arguments[0]; t.dispatchEvent(new Event('input'));",
        vec![bad.clone().into()],
    )
    .await?;
    until("the date's field marked", 5, || async {
        b.script(
            "const f = document.getElementById('f-request-date'); return !!f && f.getAttribute('aria-invalid') === 'true' && f.value === '2026-02-30' && document.getElementById('e-request-date').textContent.includes('invalid date');",
            vec![],
        )
        .await
        .is_ok_and(|v| v == serde_json::json!(true))
    })
    .await?;
    let name = b
        .find("[data-field='authority.name']")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?;
    if name.as_deref() != Some("Northshire County Council") {
        return Err(format!("a bad date hid the other fields: {name:?}"));
    }
    b.find("[data-field='request.summary']")
        .await?
        .clear()
        .await
        .map_err(|e| e.to_string())?;
    b.type_in(
        "[data-field='request.summary']",
        "the council's road repairs",
    )
    .await?;
    b.click("[data-field='signatory.role']").await?;
    until("another field set beside the bad date", 5, || async {
        let t = b.editor().await;
        t.contains("summary = \"the council's road repairs\"") && t.contains("2026-02-30")
    })
    .await?;
    said("with the bad date in the text, every other field is shown and can be set");
    b.script(
        "document.getElementById('f-request-date').scrollIntoView({ block: 'center' });",
        vec![],
    )
    .await?;
    b.shot("desk-error.png").await?;

    // Fixed: the notice appears; changed: the preview follows.
    b.set_editor(&facts).await?;
    until("the fixed preview", 5, || async {
        b.preview().await.contains("Northshire County Council")
    })
    .await?;
    b.set_editor(&facts.replace("Northshire County Council", "Westshire County Council"))
        .await?;
    until("the changed preview", 5, || async {
        b.preview().await.contains("Westshire County Council")
    })
    .await?;
    said("the preview follows the text");

    // A field: the change lands in the text, comments kept, and in the preview.
    b.type_in("[data-field='authority.short']", "the council")
        .await?;
    b.click("[data-field='request.summary']").await?;
    until("the short name in the text", 5, || async {
        b.editor().await.contains("short = \"the council\"")
    })
    .await?;
    if !b.editor().await.starts_with("# A decision notice") {
        return Err("the field's change lost the file's comments".into());
    }
    until("the short name in the preview", 5, || async {
        b.preview().await.contains("the council")
    })
    .await?;
    said("a field set in the form lands in the text, comments kept, and in the preview");

    // A list: a step added, written in its own field, removed again.
    b.click("[data-add='decision.steps']").await?;
    until("the step's field", 5, || async {
        b.find("[data-field='decision.steps[0]']").await.is_ok()
    })
    .await?;
    b.type_in(
        "[data-field='decision.steps[0]']",
        "Disclose the pricing schedule.",
    )
    .await?;
    b.click("[data-field='signatory.role']").await?;
    until("the step in the text", 5, || async {
        b.editor().await.contains("Disclose the pricing schedule.")
    })
    .await?;
    b.click("[data-remove='decision.steps'][data-index='0']")
        .await?;
    until("the step gone", 5, || async {
        !b.editor().await.contains("Disclose the pricing schedule.")
            && b.find("[data-field='decision.steps[0]']").await.is_err()
    })
    .await?;
    said("a step is added, written in its field, and removed, the rest of the text kept");
    b.axe("the case page").await?;
    b.shot("desk-case.png").await?;

    // Saved, then issued.
    b.click("#save input[type=submit]").await?;
    let saved = casebook.join("cases/e2e.toml");
    until("the save on disk", 5, || async {
        std::fs::read_to_string(&saved).is_ok_and(|t| t.contains("Westshire County Council"))
    })
    .await?;
    until("the page again", 5, || async {
        b.source().await.contains("Issue the notice")
    })
    .await?;
    said("saved to the case file");
    // Approval: the drafter marks it ready, and cannot issue it themself.
    let issue_button = "form[action='/case/issue'] input[type=submit]";
    let disabled = b
        .find(issue_button)
        .await?
        .attr("disabled")
        .await
        .map_err(|e| e.to_string())?;
    if disabled.is_none() {
        return Err("Issue was offered before the case was marked ready for approval".into());
    }
    b.click("#ready input[type=submit]").await?;
    until("the mark", 5, || async {
        b.source()
            .await
            .contains("Marked ready for approval by D. Rafter")
    })
    .await?;
    let blocked = b.text_of("#issue-blocked").await?;
    if !blocked.contains("second person")
        || b.find(issue_button)
            .await?
            .attr("disabled")
            .await
            .map_err(|e| e.to_string())?
            .is_none()
    {
        return Err(format!(
            "the drafter could issue their own draft: {blocked}"
        ));
    }
    said("marked ready for approval; the drafter cannot issue it, and the page says why");
    // The mark withdrawn by its drafter (recorded), and made again.
    b.axe("the case page, marked ready").await?;
    b.click("#withdraw input[type=submit]").await?;
    until("the case's mark withdrawn", 10, || async {
        b.source()
            .await
            .contains("Not yet marked ready for approval")
    })
    .await?;
    if !std::fs::read_to_string(casebook.join("issued/withdrawn.txt"))
        .unwrap_or_default()
        .starts_with("cases/e2e.toml\t1\t")
    {
        return Err("the case's withdrawal is not recorded".into());
    }
    b.click("#ready input[type=submit]").await?;
    until("the case marked ready again", 10, || async {
        b.source()
            .await
            .contains("Marked ready for approval by D. Rafter")
    })
    .await?;
    said("the case's mark withdrawn by its drafter, recorded, and made again");
    // The second person: a change made and not saved is never issued: the desk
    // refuses, and says why.
    b.go_second("/case?path=cases/e2e.toml").await?;
    until("the approver's page", 5, || async {
        b.source().await.contains("Approve and issue the notice")
    })
    .await?;
    b.type_in("#text", "\n# a change not saved\n").await?;
    b.issue().await?;
    until("the refusal", 10, || async {
        b.source().await.contains("changes that are not saved")
    })
    .await?;
    if casebook.join("issued/cases/e2e.toml/1").exists() {
        return Err("a case with unsaved changes was issued".into());
    }
    // The page again, the change kept as typed, the reason in the error summary,
    // which has the focus.
    until("the summary, focused", 5, || async {
        b.focused("#error-summary").await
    })
    .await?;
    if !b.editor().await.contains("# a change not saved") {
        return Err("the refused change was lost".into());
    }
    b.axe("the case page refusing an unsaved change").await?;
    said("a change not saved is refused at Issue, with the reason in the error summary and the change kept, and nothing is issued");
    b.go_second("/case?path=cases/e2e.toml").await?;
    until("the page again", 5, || async {
        b.source().await.contains("Approve and issue the notice")
    })
    .await?;
    b.issue().await?;
    until("the notice issued", 10, || async {
        b.source().await.contains("This notice is issued")
    })
    .await?;
    let pdf = casebook.join("issued/cases/e2e.toml/1/e2e.pdf");
    let manifest =
        std::fs::read_to_string(casebook.join("issued/manifest.tsv")).unwrap_or_default();
    let line = format!(
        "cases/e2e.toml\tissued/cases/e2e.toml/1/e2e.pdf\t{}\tA. Prover\t",
        sha256(&pdf)
    );
    let approved = manifest
        .lines()
        .any(|l| l.starts_with(&line) && l.ends_with("\tD. Rafter\tA. Prover"));
    if !pdf.is_file() || !approved {
        return Err(format!("the manifest lacks the PDF's line, issued by A. Prover, drafted by D. Rafter:\n{manifest}"));
    }
    said("approved and issued by a second person: the PDF is in the casebook with its manifest line naming the drafter and the approver");

    b.go("/").await?;
    until("the casebook", 5, || async {
        b.source().await.contains("issued</span>")
    })
    .await?;
    b.shot("desk-casebook.png").await?;
    said("the casebook shows the case as issued");

    // From the keyboard: the first Tab reaches the skip link; a column sorted twice
    // says so, ascending then descending.
    b.find("body")
        .await?
        .send_keys("\u{e004}")
        .await
        .map_err(|e| format!("tab: {e}"))?;
    let focused = b
        .script("return document.activeElement.className", vec![])
        .await?;
    if focused != serde_json::json!("skip") {
        return Err(format!(
            "the first Tab reached {focused}, not the skip link"
        ));
    }
    let sort = "th button[data-col='1']";
    b.click(sort).await?;
    let first = b
        .script("return document.querySelector(\"th button[data-col='1']\").closest('th').getAttribute('aria-sort')", vec![])
        .await?;
    b.click(sort).await?;
    let second = b
        .script("return document.querySelector(\"th button[data-col='1']\").closest('th').getAttribute('aria-sort')", vec![])
        .await?;
    if first != serde_json::json!("ascending") || second != serde_json::json!("descending") {
        return Err(format!("aria-sort went {first} then {second}"));
    }
    said("the first Tab reaches the skip link, and sorting says its direction (aria-sort)");

    keyboard_interview(b).await?;
    family(b, casebook).await
}

/// The interview from the keyboard alone: from the casebook to a refusal notice's
/// interview, a step sent with nothing filled (the error summary takes the focus,
/// its link takes it to the field), the answers typed and chosen with keys, and on to
/// the next step.
async fn keyboard_interview(b: &Browser) -> Result {
    b.go("/").await?;
    b.tab_to("a[href='/interview?kind=refusal-notice']", 40)
        .await?;
    b.keys(ENTER).await?;
    until("the interview", 5, || async {
        b.source().await.contains("Step 1 of 5: The letter")
    })
    .await?;
    b.tab_to("#interview input[type=submit]", 15).await?;
    b.keys(ENTER).await?;
    until("the error summary, focused", 5, || async {
        b.focused("#error-summary").await
    })
    .await?;
    let title = b.client.title().await.map_err(|e| e.to_string())?;
    if !title.starts_with("Error: ") {
        return Err(format!("the refused step's title: {title}"));
    }
    b.axe("the interview with an error summary").await?;
    b.keys(TAB).await?;
    if !b.focused("#error-summary a[href='#q-file']").await {
        return Err("the summary's first link does not follow it".into());
    }
    b.keys(ENTER).await?;
    until("the file name's field, focused", 5, || async {
        b.focused("#q-file[aria-invalid='true']").await
    })
    .await?;
    b.keys("cases/keys").await?;
    b.keys(TAB).await?;
    b.keys("FOI-2026-0999").await?;
    b.keys(TAB).await?;
    b.keys("Request for the road repair contracts").await?;
    b.keys(TAB).await?;
    // A list, chosen by typing its option's first letters.
    b.keys("FOIA").await?;
    b.keys(TAB).await?;
    b.keys(ENTER).await?;
    until("step 2, from the keyboard", 5, || async {
        b.source().await.contains("Step 2 of 5")
    })
    .await?;
    said("the interview from the keyboard alone: the error summary takes the focus, its link the field, and the step is answered with keys");
    Ok(())
}

/// The bulk example's family: the lead in the casebook, the followers uploaded from
/// outside it with one follower's request changed.
async fn family(b: &Browser, casebook: &Path) -> Result {
    let bulk = common::root().join("examples/bulk");
    std::fs::create_dir_all(casebook.join("family")).unwrap();
    std::fs::copy(bulk.join("lead.toml"), casebook.join("family/lead.toml")).unwrap();
    let csv = std::fs::read_to_string(bulk.join("followers.csv")).unwrap();
    let mut rows: Vec<String> = csv.split('\n').map(str::to_string).collect();
    let header: Vec<&str> = rows[0].split(',').collect();
    let wording = header.iter().position(|h| *h == "request.wording").unwrap();
    let at = rows
        .iter()
        .position(|r| r.starts_with("IOT-2018-01,"))
        .unwrap();
    let mut cells: Vec<String> = rows[at].split(',').map(str::to_string).collect();
    assert_eq!(
        cells.len(),
        header.len(),
        "the example follower's row has quoted commas"
    );
    cells[wording] = "\"Do you use connected devices in your investigations?\"".into();
    rows[at] = cells.join(",");
    let outside = common::scratch("browser-list");
    let list = outside.join("followers.csv");
    std::fs::write(&list, rows.join("\n")).unwrap();

    // The case page from the keyboard: a field reached with Tab, typed in, and left
    // with Tab, which writes it into the text.
    b.go("/case?path=family/lead.toml").await?;
    b.tab_to("[data-field='authority.short']", 80).await?;
    b.keys("the police").await?;
    b.keys(TAB).await?;
    until(
        "the field typed from the keyboard in the text",
        5,
        || async { b.editor().await.contains("short = \"the police\"") },
    )
    .await?;
    said("the case page from the keyboard: a field reached with Tab, typed in, and written into the text");
    b.go("/case?path=family/lead.toml").await?;
    b.click("a[href='/family?path=family/lead.toml']").await?;
    until("the family page", 5, || async {
        b.source().await.contains("Family of family/lead.toml")
    })
    .await?;
    b.type_in("#upload", list.to_str().unwrap()).await?;
    until("the uploaded list checked", 15, || async {
        b.source().await.contains("Held back")
    })
    .await?;
    let words = b
        .client
        .find_all(Locator::Css("#row-IOT-2018-01 .diff ins.word"))
        .await
        .map_err(|e| e.to_string())?;
    if words.is_empty() {
        return Err("the held-back follower shows no word differences".into());
    }
    said("the list is uploaded and checked: IOT-2018-01 is held back, its request's differences shown word by word");
    b.axe("the family page").await?;
    b.shot("desk-family.png").await?;

    // From the keyboard: marking the family ready (this desk requires approval, so
    // its drafter's Issue is disabled) is reached before the rows; a notice is
    // previewed and the family page reached again.
    let presses = b.tab_to("#family-ready input[type=submit]", 40).await?;
    said(&format!(
        "the family's Mark ready is {presses} presses of Tab from the top, before its 45 rows"
    ));
    b.tab_to("a[href*='reference=IOT-2018-02']", 60).await?;
    b.keys(ENTER).await?;
    until("the follower's notice", 10, || async {
        b.source()
            .await
            .contains("IOT-2018-02: the notice as it would be issued")
    })
    .await?;
    let notice = b
        .script("return document.getElementById('preview').srcdoc;", vec![])
        .await?;
    if !notice
        .as_str()
        .is_some_and(|n| n.contains("Bedfordshire Police"))
    {
        return Err(format!("the follower's preview: {notice}"));
    }
    b.axe("a follower's notice").await?;
    b.tab_to("header a[href^='/family?']", 10).await?;
    b.keys(ENTER).await?;
    until("the family again", 15, || async {
        b.source().await.contains("Held back")
    })
    .await?;
    said("a follower's notice previewed from the keyboard, and the family page again");

    b.type_in(
        "#row-IOT-2018-01 input[name=text]",
        "The same question about the same capabilities, in fewer words.",
    )
    .await?;
    b.click("#row-IOT-2018-01 input[type=submit]").await?;
    until("the differences recorded", 10, || async {
        b.source()
            .await
            .contains("differences considered: The same question")
    })
    .await?;
    if !std::fs::read_to_string(casebook.join("followers.csv"))
        .unwrap_or_default()
        .contains("The same question about the same capabilities")
    {
        return Err("the differences considered did not reach the list".into());
    }
    said("the differences considered are recorded in the list, and the follower is ready");

    // Approval: marked ready by its drafter (who cannot issue it), withdrawn, marked
    // again; then approved and issued by the second person.
    let marked = || async {
        b.source()
            .await
            .contains("Marked ready for approval by D. Rafter")
    };
    b.click("#family-ready input[type=submit]").await?;
    until("the family marked ready", 15, marked).await?;
    let blocked = b.text_of("#family-blocked").await?;
    if !blocked.contains("second person") {
        return Err(format!("the drafter's Issue of the family: {blocked}"));
    }
    b.axe("the family page, marked ready").await?;
    b.click("#family-withdraw input[type=submit]").await?;
    until("the mark withdrawn", 15, || async {
        b.source()
            .await
            .contains("Not yet marked ready for approval")
    })
    .await?;
    if !std::fs::read_to_string(casebook.join("issued/withdrawn.txt"))
        .unwrap_or_default()
        .contains("D. Rafter")
    {
        return Err("the withdrawal is not recorded".into());
    }
    b.click("#family-ready input[type=submit]").await?;
    until("the family marked ready again", 15, marked).await?;
    said("the family is marked ready by its drafter, who cannot issue it; the mark withdrawn (recorded) and made again");
    b.go_second("/family?path=family/lead.toml&followers=followers.csv")
        .await?;
    until("the approver's family page", 15, || async {
        b.source().await.contains("Approve and issue the family")
    })
    .await?;
    let presses = b.tab_to("#family-issue input[type=submit]", 40).await?;
    said(&format!(
        "the approver's Issue is {presses} presses of Tab from the top, before its 45 rows"
    ));
    b.click("form[action='/family/issue'] input[type=submit]")
        .await?;
    until("the run to finish", 60, || async {
        b.text_of("#progress-text")
            .await
            .is_ok_and(|t| t.starts_with("Done"))
    })
    .await?;
    let done = b.text_of("#progress-text").await?;
    if !done.contains("45 issued") {
        return Err(format!("the family was not all issued: {done}"));
    }
    let out = casebook.join("issued/family/lead.toml/family");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    let mut files = 0;
    for n in manifest["notices"].as_array().into_iter().flatten() {
        for o in n["outputs"].as_array().into_iter().flatten() {
            let file = out.join(o["file"].as_str().unwrap_or_default());
            if sha256(&file) != o["sha256"].as_str().unwrap_or_default() {
                return Err(format!(
                    "{}: the manifest's hash is not the file's",
                    file.display()
                ));
            }
            files += 1;
        }
    }
    let approvals = &manifest["approvals"][0];
    if approvals["drafter"] != "D. Rafter" || approvals["approver"] != "A. Prover" {
        return Err(format!("the family's manifest records: {approvals}"));
    }
    b.find("#manifest-link").await?;
    said(&format!("the family is approved and issued by the second person with its progress followed: {done} ({files} files, each as the manifest says, which names the drafter and the approver)"));
    b.axe("the family page after issuing").await?;
    b.shot("desk-family-issued.png").await
}
