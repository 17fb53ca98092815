//! openapi.yaml as the contract of every black-box test: each answer the tests' HTTP helpers
//! receive is looked up in the file — path template, method, status, content type — and a JSON
//! body is validated against the documented schema (OpenAPI 3.1 schemas are JSON Schema
//! 2020-12). A route the server answers that the file does not list, an undocumented status or
//! content type, or a body that does not match fails the test that met it. Only a 404 for a
//! path or method the file does not list passes: that is the server saying there is no such
//! route.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

static CONTRACT: LazyLock<Contract> = LazyLock::new(Contract::load);

struct Contract {
    document: Value,
    /// Path templates split into segments.
    templates: Vec<(String, Vec<Segment>)>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl Contract {
    fn load() -> Contract {
        let path = super::repo().join("openapi.yaml");
        let text = std::fs::read_to_string(&path).expect("openapi.yaml readable");
        let document: Value = serde_yaml_ng::from_str(&text).expect("openapi.yaml is YAML");
        let templates = document["paths"]
            .as_object()
            .expect("openapi.yaml has paths")
            .keys()
            .map(|template| {
                let segments = split(template).map(Segment::of).collect();
                (template.clone(), segments)
            })
            .collect();
        Contract {
            document,
            templates,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// The template that matches `path`, preferring literal segments over parameters
    /// (`/auth/me` over `/users/{id}`-like shapes).
    fn template_of(&self, path: &str) -> Option<&str> {
        let segments: Vec<&str> = split(path).collect();
        self.templates
            .iter()
            .filter(|(_, t)| {
                t.len() == segments.len() && t.iter().zip(&segments).all(|(t, s)| t.matches(s))
            })
            .max_by_key(|(_, t)| t.iter().filter(|s| **s != Segment::Parameter).count())
            .map(|(template, _)| template.as_str())
    }

    fn validator(&self, pointer: &str) -> Arc<jsonschema::Validator> {
        let mut cache = self
            .validators
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = cache.get(pointer) {
            return Arc::clone(v);
        }
        // The whole document is the root, so `#/components/...` references resolve; the
        // schema to check is reached through `$ref`.
        let mut root = self.document.clone();
        root["$ref"] = Value::String(format!("#{}", fragment(pointer)));
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .unwrap_or_else(|e| panic!("openapi.yaml schema at {pointer} does not compile: {e}"));
        let validator = Arc::new(validator);
        cache.insert(pointer.to_string(), Arc::clone(&validator));
        validator
    }
}

/// One segment of a path template.
#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    /// `{parameter}`: any segment.
    Parameter,
    /// `repeat-{repeat}.csv`: a parameter between fixed text.
    Within {
        prefix: String,
        suffix: String,
    },
}

impl Segment {
    fn of(text: &str) -> Segment {
        match (text.find('{'), text.rfind('}')) {
            (Some(0), Some(end)) if end + 1 == text.len() => Segment::Parameter,
            (Some(start), Some(end)) if start < end => Segment::Within {
                prefix: text[..start].to_string(),
                suffix: text[end + 1..].to_string(),
            },
            _ => Segment::Literal(text.to_string()),
        }
    }

    fn matches(&self, segment: &str) -> bool {
        match self {
            Segment::Literal(text) => text == segment,
            Segment::Parameter => true,
            Segment::Within { prefix, suffix } => {
                segment.len() > prefix.len() + suffix.len()
                    && segment.starts_with(prefix.as_str())
                    && segment.ends_with(suffix.as_str())
            }
        }
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A JSON Pointer written as a URI fragment: characters a fragment may not hold
/// percent-encoded (`{` of a path template, for one).
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"/~-._!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// JSON Pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Checks one answer against openapi.yaml; panics with what does not match.
pub fn check(method: &str, url: &str, status: u16, content_type: &str, body: &str) {
    let contract = &*CONTRACT;
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let method = method.to_ascii_lowercase();
    let Some(template) = contract.template_of(path) else {
        assert_eq!(
            status, 404,
            "{method} {path} answered {status} but openapi.yaml has no such path"
        );
        return;
    };
    let operation = &contract.document["paths"][template][&method];
    if operation.is_null() {
        assert_eq!(
            status, 404,
            "{method} {template} answered {status} but openapi.yaml does not list {method} on it"
        );
        return;
    }
    let responses = &operation["responses"];
    let code = status.to_string();
    let range = format!("{}XX", status / 100);
    let Some(key) = [code.as_str(), range.as_str(), "default"]
        .into_iter()
        .find(|k| !responses[*k].is_null())
    else {
        panic!("{method} {template} answered {status}, which openapi.yaml does not list");
    };
    let mut response = &responses[key];
    let mut response_pointer = format!("/paths/{}/{method}/responses/{key}", escape(template));
    if let Some(reference) = response["$ref"].as_str() {
        let pointer = reference.trim_start_matches('#');
        response = contract
            .document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("openapi.yaml: {reference} does not resolve"));
        response_pointer = pointer.to_string();
    }
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let content = &response["content"];
    if body.is_empty() && (content.is_null() || media.is_empty()) {
        return;
    }
    assert!(
        !content[&media].is_null(),
        "{method} {template} answered {status} as {media:?}, which openapi.yaml does not list \
         (it lists {:?})",
        content.as_object().map(|c| c.keys().collect::<Vec<_>>())
    );
    if !(media.ends_with("json")) || content[&media]["schema"].is_null() {
        return;
    }
    let instance: Value = serde_json::from_str(body).unwrap_or_else(|e| {
        panic!("{method} {template} answered {status} with {media} that is not JSON: {e}")
    });
    let pointer = format!("{response_pointer}/content/{}/schema", escape(&media));
    let validator = contract.validator(&pointer);
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} answered {status} with a body openapi.yaml does not allow:\n  {}\nbody: {instance}",
        errors.join("\n  ")
    );
}
