//! The outside programs some tests need (a browser, axe-core, schemathesis, pyreadstat, an SMTP
//! server, PostgreSQL) and where each is looked for. Plain std, so that the build scripts
//! (`build.rs`, `core/build.rs`) can include it too: they mark a test `ignore`d, with the reason
//! in `cargo test`'s own summary, when its tool is missing and not required. The tests look the
//! tool up again through the same table when they run (`optional_tool.rs`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// How to tell that a candidate is the tool, working.
pub enum Probe {
    /// The program exits 0 with these arguments.
    Runs(&'static [&'static str]),
    /// The file exists (a script read by the tests).
    File,
    /// The environment variable named by `env` is set and not empty (a server's address).
    EnvSet,
}

/// One tool: where to look, how to probe, what makes it mandatory.
pub struct Tool {
    /// Short name; a missing tool sets the cfg `svar_missing_<name>`.
    pub name: &'static str,
    /// The environment variable naming the program (or the server), e.g. `SVAR_PYTHON`.
    pub env: &'static str,
    /// Candidates under the home directory (a venv, an npm prefix).
    pub in_home: &'static [&'static str],
    /// Candidates by absolute path or by name on the PATH.
    pub elsewhere: &'static [&'static str],
    pub probe: Probe,
    /// Set (as CI does), a missing tool fails its tests instead of skipping them.
    pub require_env: &'static str,
    /// How to install it, for the skip reason.
    pub install: &'static str,
}

pub const PYREADSTAT: Tool = Tool {
    name: "pyreadstat",
    env: "SVAR_PYTHON",
    in_home: &[".cache/svar-pyreadstat/bin/python"],
    elsewhere: &["python3"],
    probe: Probe::Runs(&["-c", "import pyreadstat, pandas"]),
    require_env: "SVAR_REQUIRE_PYREADSTAT",
    install: "python3 -m venv ~/.cache/svar-pyreadstat && ~/.cache/svar-pyreadstat/bin/pip install pyreadstat pandas",
};

pub const PYXFORM: Tool = Tool {
    name: "pyxform",
    env: "SVAR_PYXFORM",
    in_home: &[".cache/svar-pyxform/bin/python"],
    elsewhere: &["python3"],
    probe: Probe::Runs(&["-c", "import pyxform"]),
    require_env: "SVAR_REQUIRE_PYXFORM",
    install: "python3 -m venv ~/.cache/svar-pyxform && ~/.cache/svar-pyxform/bin/pip install pyxform==4.5.0",
};

pub const SCHEMATHESIS: Tool = Tool {
    name: "schemathesis",
    env: "SVAR_SCHEMATHESIS",
    in_home: &[".cache/svar-schemathesis/bin/schemathesis"],
    elsewhere: &["schemathesis"],
    probe: Probe::Runs(&["--version"]),
    require_env: "SVAR_REQUIRE_SCHEMATHESIS",
    install: "python3 -m venv ~/.cache/svar-schemathesis && ~/.cache/svar-schemathesis/bin/pip install schemathesis==4.32.5",
};

pub const AXE: Tool = Tool {
    name: "axe",
    env: "SVAR_AXE",
    in_home: &[".cache/svar-axe/node_modules/axe-core/axe.min.js"],
    elsewhere: &[],
    probe: Probe::File,
    require_env: "SVAR_REQUIRE_AXE",
    install: "npm install --prefix ~/.cache/svar-axe axe-core@4.14.1",
};

pub const CHROMIUM: Tool = Tool {
    name: "chromium",
    env: "SVAR_CHROMIUM",
    in_home: &[],
    elsewhere: &["/usr/bin/chromium"],
    probe: Probe::File,
    require_env: "SVAR_REQUIRE_BROWSER",
    install: "the Debian packages chromium and chromium-driver",
};

pub const CHROMEDRIVER: Tool = Tool {
    name: "chromedriver",
    env: "SVAR_CHROMEDRIVER",
    in_home: &[],
    elsewhere: &["chromedriver"],
    probe: Probe::Runs(&["--version"]),
    require_env: "SVAR_REQUIRE_BROWSER",
    install: "the Debian packages chromium and chromium-driver",
};

/// A Python with aiosmtpd: the real SMTP server the mail tests start on loopback.
pub const AIOSMTPD: Tool = Tool {
    name: "aiosmtpd",
    env: "SVAR_SMTP_PYTHON",
    in_home: &[".cache/svar-aiosmtpd/bin/python"],
    elsewhere: &["python3"],
    probe: Probe::Runs(&["-c", "import aiosmtpd"]),
    require_env: "SVAR_REQUIRE_SMTP",
    install:
        "python3 -m venv ~/.cache/svar-aiosmtpd && ~/.cache/svar-aiosmtpd/bin/pip install aiosmtpd",
};

/// PostgreSQL for the tests that run on both backends (or on PostgreSQL only).
pub const POSTGRES: Tool = Tool {
    name: "postgres",
    env: "SVAR_TEST_DATABASE_URL",
    in_home: &[],
    elsewhere: &[],
    probe: Probe::EnvSet,
    require_env: "SVAR_REQUIRE_POSTGRES",
    install: "set SVAR_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres",
};

/// Every tool, for the build scripts.
pub const ALL: [&Tool; 8] = [
    &PYREADSTAT,
    &PYXFORM,
    &SCHEMATHESIS,
    &AXE,
    &CHROMIUM,
    &CHROMEDRIVER,
    &AIOSMTPD,
    &POSTGRES,
];

impl Tool {
    /// The places looked at, in order.
    pub fn candidates(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        if let Some(v) = std::env::var_os(self.env).filter(|v| !v.is_empty()) {
            found.push(PathBuf::from(v));
        }
        if let Some(home) = std::env::var_os("HOME") {
            found.extend(self.in_home.iter().map(|p| Path::new(&home).join(p)));
        }
        for place in self.elsewhere {
            if place.starts_with('/') {
                found.push(PathBuf::from(place));
            } else if let Some(path) = std::env::var_os("PATH") {
                found.extend(std::env::split_paths(&path).map(|dir| dir.join(place)));
            }
        }
        found
    }

    /// The first candidate that passes the probe: the program or file to use. For a server
    /// named by `env`, its address as a path.
    pub fn locate(&self) -> Option<PathBuf> {
        if let Probe::EnvSet = self.probe {
            return std::env::var_os(self.env)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from);
        }
        self.candidates().into_iter().find(|p| self.works(p))
    }

    fn works(&self, candidate: &Path) -> bool {
        match self.probe {
            Probe::File | Probe::EnvSet => candidate.is_file(),
            Probe::Runs(args) => {
                candidate.is_file()
                    && std::process::Command::new(candidate)
                        .args(args)
                        .stdin(std::process::Stdio::null())
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null())
                        .status()
                        .is_ok_and(|s| s.success())
            }
        }
    }

    /// Whether a missing tool must fail its tests.
    pub fn required(&self) -> bool {
        std::env::var_os(self.require_env).is_some_and(|v| !v.is_empty())
    }

    /// Why its tests are skipped, for the summary.
    pub fn skip_reason(&self) -> String {
        format!(
            "{} not found: {} (or set {} to make this a failure)",
            self.name, self.install, self.require_env
        )
    }
}

/// For a build script: declares the cfgs, marks missing tools, and reruns when the places
/// looked at may have changed.
pub fn announce_missing_tools(tools: &[&Tool]) {
    println!("cargo:rerun-if-env-changed=PATH");
    println!("cargo:rerun-if-env-changed=HOME");
    for tool in tools {
        println!("cargo::rustc-check-cfg=cfg(svar_missing_{})", tool.name);
        println!("cargo:rerun-if-env-changed={}", tool.env);
        println!("cargo:rerun-if-env-changed={}", tool.require_env);
        if !tool.required() && tool.locate().is_none() {
            println!("cargo:rustc-cfg=svar_missing_{}", tool.name);
        }
    }
    // An install shows as a change of one of these folders; watching a path that does not
    // exist would rerun the build script on every build, so only existing folders are watched.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let folders = [
        Some(PathBuf::from("/usr/bin")),
        home.as_ref().map(|h| h.join(".cache")),
    ];
    for folder in folders.into_iter().flatten().filter(|f| f.is_dir()) {
        println!("cargo:rerun-if-changed={}", folder.display());
    }
}
