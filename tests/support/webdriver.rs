//! A small W3C WebDriver client for the browser tests: ChromeDriver as a child process, and
//! headless Chromium sessions driven over its JSON protocol with ureq. Only what the tests
//! use: navigate, find by CSS, click, type, read the page, take screenshots.
//!
//! The browser is optional on a developer's machine and required in CI: when `chromium` or
//! `chromedriver` is missing, `Driver::start_or_skip` prints why and returns `None`, unless
//! `SVAR_REQUIRE_BROWSER` is set, in which case the test fails.

use super::optional_tool::find;
use super::test_tools;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// W3C's key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long to wait for a page or an element before failing.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running ChromeDriver.
pub struct Driver {
    child: Child,
    url: String,
    /// The browser ChromeDriver starts.
    chromium: PathBuf,
    agent: ureq::Agent,
}

/// How a session's browser is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The window size in CSS pixels.
    pub width: u32,
    pub height: u32,
    /// The browser's `Accept-Language`, e.g. `sv-SE,sv`.
    pub languages: String,
    pub javascript: bool,
    /// Emulate a phone: the window's size is the page's viewport, with touch.
    pub phone: bool,
}

impl Options {
    /// A phone-sized window (390×844 CSS pixels, as an iPhone 12–15) with JavaScript on.
    pub fn phone(languages: &str) -> Options {
        Options {
            width: 390,
            height: 844,
            languages: languages.to_string(),
            javascript: true,
            phone: true,
        }
    }

    /// A laptop-sized window.
    pub fn desktop(languages: &str) -> Options {
        Options {
            width: 1280,
            height: 900,
            languages: languages.to_string(),
            javascript: true,
            phone: false,
        }
    }

    /// A tablet-sized window (820×1180 CSS pixels, as an iPad Air held upright), with touch.
    pub fn tablet(languages: &str) -> Options {
        Options {
            width: 820,
            height: 1180,
            languages: languages.to_string(),
            javascript: true,
            phone: true,
        }
    }

    pub fn without_javascript(mut self) -> Options {
        self.javascript = false;
        self
    }
}

/// One browser window (a WebDriver session with its own fresh profile).
pub struct Session<'d> {
    driver: &'d Driver,
    id: String,
    profile: PathBuf,
}

/// An element of the current page.
pub struct Element<'s, 'd> {
    session: &'s Session<'d>,
    id: String,
    css: String,
}

/// The `value` of a WebDriver answer, or a panic that says what failed.
fn value_of(what: &str, result: Result<ureq::Response, ureq::Error>) -> Result<Value, Value> {
    let (ok, response) = match result {
        Ok(r) => (true, r),
        Err(ureq::Error::Status(_, r)) => (false, r),
        Err(e) => panic!("WebDriver {what}: {e}"),
    };
    let body: Value = response
        .into_json()
        .unwrap_or_else(|e| panic!("WebDriver {what}: not JSON: {e}"));
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    if ok {
        Ok(value)
    } else {
        Err(value)
    }
}

impl Driver {
    /// Starts ChromeDriver, or explains why the browser tests cannot run: `None` (skip) when
    /// the browser is not installed and `SVAR_REQUIRE_BROWSER` is unset; a panic when it is set.
    pub fn start_or_skip(_test: &str) -> Option<Driver> {
        let chromium = find(&test_tools::CHROMIUM)?;
        let chromedriver = find(&test_tools::CHROMEDRIVER)?;
        Some(Driver::start(&chromedriver, chromium))
    }

    fn start(program: &Path, chromium: PathBuf) -> Driver {
        let port = super::ports::free_port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(60))
                .build(),
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = driver
                .agent
                .get(&format!("{}/status", driver.url))
                .call()
                .ok()
                .and_then(|r| r.into_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens a new browser window with a fresh profile.
    pub fn session(&self, options: &Options) -> Session<'_> {
        let profile = super::temp_dir("chromium-profile");
        let mut prefs = json!({ "intl.accept_languages": options.languages });
        if !options.javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--no-first-run".to_string(),
            "--hide-scrollbars".to_string(),
            format!(
                "--lang={}",
                options.languages.split(',').next().unwrap_or("")
            ),
            format!("--window-size={},{}", options.width, options.height),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut chrome = json!({ "binary": self.chromium, "args": args, "prefs": prefs });
        if options.phone {
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": {
                    "width": options.width,
                    "height": options.height,
                    "pixelRatio": 2.0,
                    "touch": true,
                }
            });
        }
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
                    "goog:chromeOptions": chrome,
                }
            }
        });
        let started = value_of(
            "new session",
            self.agent
                .post(&format!("{}/session", self.url))
                .send_json(capabilities),
        );
        let value = started.unwrap_or_else(|e| {
            let _ = std::fs::remove_dir_all(&profile);
            panic!("Chromium did not start: {e}")
        });
        let session = Session {
            driver: self,
            id: value["sessionId"]
                .as_str()
                .expect("a session id")
                .to_string(),
            profile,
        };
        // The window size again, as some window managers ignore the flag.
        session.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": options.width, "height": options.height })),
        );
        session
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl<'d> Session<'d> {
    fn try_command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
        let url = format!("{}/session/{}{path}", self.driver.url, self.id);
        let request = self.driver.agent.request(method, &url);
        let result = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        value_of(&format!("{method} {path}"), result)
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path} on {}: {e}", self.url()))
    }

    /// Opens `url`, waiting for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// The address of the page shown.
    pub fn url(&self) -> String {
        self.try_command("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The path (and query) of the page shown.
    pub fn path(&self) -> String {
        let url = self.url();
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        after_scheme
            .find('/')
            .map_or("/".to_string(), |i| after_scheme[i..].to_string())
    }

    /// The document's title.
    pub fn title(&self) -> String {
        self.command("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The page's markup as the browser holds it now.
    pub fn source(&self) -> String {
        self.command("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The first element matching `css`, if there is one now.
    pub fn try_find(&self, css: &str) -> Option<Element<'_, 'd>> {
        let found = self
            .try_command(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .ok()?;
        Some(Element {
            session: self,
            id: found[ELEMENT_KEY].as_str()?.to_string(),
            css: css.to_string(),
        })
    }

    /// The first element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element<'_, 'd> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "no {css} on {}:\n{}",
                self.url(),
                self.source()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every element matching `css` now.
    pub fn find_all(&self, css: &str) -> Vec<Element<'_, 'd>> {
        let found = self.command(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element {
                session: self,
                id: id.to_string(),
                css: css.to_string(),
            })
            .collect()
    }

    /// Waits until `ready` holds for this window, e.g. a page has loaded.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&Session<'d>) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !ready(self) {
            assert!(
                Instant::now() < deadline,
                "waited in vain for {what}; at {}:\n{}",
                self.url(),
                self.source()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the page at `path` is shown (a click's navigation has finished).
    pub fn wait_for_path(&self, path: &str) {
        self.wait_until(&format!("the page {path}"), |s| {
            s.path() == path
                && s.try_find("body").is_some()
                && s.try_command("GET", "/source", None).is_ok()
        });
    }

    /// Runs `script` in the page and returns its result (needs JavaScript on).
    pub fn run_script(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The page as the window shows it, as PNG, written to `file`.
    pub fn screenshot(&self, file: &Path) {
        let encoded = self.command("GET", "/screenshot", None);
        let png = base64_decode(encoded.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(file, png).expect("the screenshot is written");
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        // Closing the session quits Chromium; then its profile can go.
        let _ = self.try_command("DELETE", "", None);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Element<'_, '_> {
    fn path(&self, what: &str) -> String {
        format!("/element/{}{what}", self.id)
    }

    pub fn click(&self) {
        self.session
            .command("POST", &self.path("/click"), Some(json!({})));
    }

    /// Types `text` into the element, as keystrokes.
    pub fn send_keys(&self, text: &str) {
        self.session
            .command("POST", &self.path("/value"), Some(json!({ "text": text })));
    }

    pub fn clear(&self) {
        self.session
            .command("POST", &self.path("/clear"), Some(json!({})));
    }

    /// An HTML attribute as written in the markup.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let v = self
            .session
            .command("GET", &self.path(&format!("/attribute/{name}")), None);
        v.as_str().map(str::to_string)
    }

    /// A DOM property (e.g. the `value` of a field as it is now).
    pub fn property(&self, name: &str) -> Value {
        self.session
            .command("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// The text as rendered.
    pub fn text(&self) -> String {
        self.session
            .command("GET", &self.path("/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether a radio button or checkbox is ticked.
    pub fn is_selected(&self) -> bool {
        self.session.command("GET", &self.path("/selected"), None) == true
    }

    /// Position and size in CSS pixels: (x, y, width, height).
    pub fn rect(&self) -> (f64, f64, f64, f64) {
        let r = self.session.command("GET", &self.path("/rect"), None);
        let n = |k: &str| {
            r[k].as_f64()
                .unwrap_or_else(|| panic!("{k} of {}", self.css))
        };
        (n("x"), n("y"), n("width"), n("height"))
    }
}

/// Standard base64 (screenshots come as base64 PNG).
fn base64_decode(text: &str) -> Vec<u8> {
    let sextet = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(sextet).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (d << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}
