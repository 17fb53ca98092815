//! Reading an `application/x-www-form-urlencoded` body (the respondent pages and the
//! dashboard) as ordered pairs: checkboxes of a select_multiple repeat one name, which serde's
//! form extractor cannot hold.

use actix_web::web::Bytes;

pub struct FormBody(pub Vec<(String, String)>);

impl FormBody {
    pub fn parse(bytes: &Bytes) -> FormBody {
        FormBody(form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_kept_in_order() {
        let body = FormBody::parse(&Bytes::from_static(b"p=a&p=b&_csrf=x&t=%C3%85sa+B"));
        assert_eq!(body.0.len(), 4);
        assert_eq!(body.get("p"), Some("a"));
        assert_eq!(body.get("t"), Some("Åsa B"));
        assert_eq!(body.get("nope"), None);
    }
}
