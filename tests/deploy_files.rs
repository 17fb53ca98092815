//! The deployment files that cannot run here (no container engine, cluster or systemd) read
//! as their tools read them: the compose file and the Kubernetes manifests parse as YAML with
//! the shape those tools need, the systemd units have their sections and run `svar` commands
//! that exist, and every `SVAR_…` setting anything in deploy/ names is one `svar --help` lists.

// Helpers outside #[test] functions may unwrap too: a panic in a test is its failure.
#![allow(clippy::unwrap_used)]

mod support;

use serde_yaml_ng::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::repo;

fn deploy() -> PathBuf {
    repo().join("deploy")
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn get<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(v, |v, key| match key.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[key],
        })
}

fn text(v: &Value, path: &str) -> String {
    get(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not text: {v:?}"))
        .to_string()
}

#[test]
fn compose_runs_two_api_replicas_two_workers_and_an_smtp_catcher() {
    let compose = yaml(&deploy().join("compose.yaml"));
    let services = get(&compose, "services");
    for name in ["postgres", "migrate", "api", "worker", "smtp"] {
        assert!(services.get(name).is_some(), "service {name}");
    }
    assert_eq!(get(services, "api.deploy.replicas").as_u64(), Some(2));
    assert_eq!(get(services, "worker.deploy.replicas").as_u64(), Some(2));
    assert_eq!(text(services, "worker.command.0"), "worker");
    assert_eq!(text(services, "api.command.0"), "api");
    assert_eq!(text(services, "migrate.command.0"), "migrate");
    // The catcher's SMTP port is the one compose.env.example points the workers at.
    let env = std::fs::read_to_string(deploy().join("compose.env.example")).unwrap();
    assert!(env.contains("SVAR_SMTP_URL=smtp://smtp:1025"), "{env}");
}

#[test]
fn kubernetes_manifests_parse_and_the_worker_has_its_probes_and_smtp_secret() {
    let dir = deploy().join("kubernetes");
    let mut kinds = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let doc = yaml(&path);
        assert!(
            get(&doc, "apiVersion").as_str().is_some(),
            "{}",
            path.display()
        );
        let name = text(&doc, "metadata.name");
        kinds.insert(format!("{}/{name}", text(&doc, "kind")));
    }
    for expected in [
        "Deployment/svar-api",
        "Deployment/svar-worker",
        "Service/svar-api",
        "Job/svar-migrate",
        "Secret/svar",
        "Secret/svar-smtp",
    ] {
        assert!(kinds.contains(expected), "{expected} in {kinds:?}");
    }
    let worker = yaml(&dir.join("worker.yaml"));
    let container = get(&worker, "spec.template.spec.containers.0");
    assert_eq!(text(container, "args.0"), "worker");
    assert_eq!(text(container, "readinessProbe.httpGet.path"), "/readyz");
    assert_eq!(text(container, "livenessProbe.httpGet.path"), "/healthz");
    assert_eq!(get(container, "ports.0.containerPort").as_u64(), Some(8081));
    let env: Vec<(String, String)> = get(container, "env")
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| (text(e, "name"), text(e, "value")))
        .collect();
    assert!(env.contains(&("SVAR_WORKER_LISTEN".into(), "0.0.0.0:8081".into())));
    let secrets: Vec<String> = get(container, "envFrom")
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| text(s, "secretRef.name"))
        .collect();
    assert_eq!(secrets, ["svar", "svar-smtp"]);
    assert!(get(&worker, "spec.template.spec.terminationGracePeriodSeconds").as_u64() >= Some(60));
}

#[test]
fn systemd_units_run_svar_commands_that_exist() {
    for (unit, command) in [
        ("svar.service", "serve"),
        ("svar-api.service", "api"),
        ("svar-worker.service", "worker"),
    ] {
        let text = std::fs::read_to_string(deploy().join("systemd").join(unit)).unwrap();
        for section in ["[Unit]", "[Service]", "[Install]"] {
            assert!(text.contains(section), "{unit}: {section}");
        }
        let exec: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("ExecStart="))
            .collect();
        assert_eq!(
            exec,
            [format!("ExecStart=/usr/local/bin/svar {command}").as_str()],
            "{unit}"
        );
        // Every line is a comment, a section, or key=value.
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with('#') || line.starts_with('[') || line.contains('='),
                "{unit}: {line}"
            );
        }
    }
    let containerfile = std::fs::read_to_string(deploy().join("Containerfile")).unwrap();
    assert!(containerfile.contains(r#"ENTRYPOINT ["/usr/local/bin/svar"]"#));
    assert!(containerfile.contains("EXPOSE 8080 8081"));
}

/// Every `SVAR_…` name in a text.
fn setting_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("SVAR_") {
        let name: String = rest[at..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        names.insert(name.trim_end_matches('_').to_string());
        rest = &rest[at + 5..];
    }
    names
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn every_setting_deploy_names_is_one_svar_knows() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_svar"))
        .arg("--help")
        .output()
        .unwrap();
    let known = setting_names(&String::from_utf8_lossy(&help.stdout));
    assert!(known.contains("SVAR_SMTP_URL") && known.contains("SVAR_WORKER_LISTEN"));
    let mut files = Vec::new();
    files_under(&deploy(), &mut files);
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for name in setting_names(&text) {
            assert!(
                known.contains(&name),
                "{}: {name} is not a setting of svar",
                file.display()
            );
        }
    }
}
