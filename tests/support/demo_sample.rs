//! The persons of the demo sample (`demo/sample-2000.csv`) as the tests need them: who is in
//! which stratum, in which language, with which e-mail address.

#![allow(dead_code)]

/// One sampled person.
#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub person_id: String,
    pub stratum: String,
    pub language: String,
    /// Empty when the person has none.
    pub email: String,
}

pub fn demo_people() -> Vec<DemoPerson> {
    let mut reader = csv::Reader::from_path(super::repo().join("demo/sample-2000.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (p, s, l, e) = (
        col("person_id"),
        col("stratum"),
        col("language"),
        col("email"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            DemoPerson {
                person_id: r[p].to_string(),
                stratum: r[s].to_string(),
                language: r[l].to_string(),
                email: r[e].to_string(),
            }
        })
        .collect()
}

/// The persons with an e-mail address, of one stratum or of all.
pub fn with_email(stratum: Option<&str>) -> Vec<DemoPerson> {
    demo_people()
        .into_iter()
        .filter(|p| !p.email.is_empty() && stratum.is_none_or(|s| p.stratum == s))
        .collect()
}
