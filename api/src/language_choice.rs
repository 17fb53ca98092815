//! Which of the languages a page offers a request asks for: `?lang=`, then the language
//! cookie the page family keeps, then the browser's `Accept-Language`. Shared by the
//! respondent pages and the dashboard, which offer different languages and fall back
//! differently.

use actix_web::HttpRequest;

/// The first of `?lang=`, the cookie `cookie` and `Accept-Language` that names one of
/// `offered`, if any.
pub fn requested_language(req: &HttpRequest, cookie: &str, offered: &[&str]) -> Option<String> {
    let from_query = query_language(req);
    let from_cookie = req.cookie(cookie).map(|c| c.value().to_string());
    from_query
        .into_iter()
        .chain(from_cookie)
        .find(|l| offered.contains(&l.as_str()))
        .or_else(|| accepted_language(req, offered))
}

/// `?lang=` as sent (not checked against any list).
pub fn query_language(req: &HttpRequest) -> Option<String> {
    req.query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .map(str::to_string)
}

fn accepted_language(req: &HttpRequest, offered: &[&str]) -> Option<String> {
    let header = req.headers().get("accept-language")?.to_str().ok()?;
    header.split(',').find_map(|part| {
        let tag = part.split(';').next()?.trim();
        let base = tag.split('-').next()?.to_ascii_lowercase();
        offered.contains(&base.as_str()).then_some(base)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::cookie::Cookie;
    use actix_web::test::TestRequest;

    #[test]
    fn query_then_cookie_then_browser() {
        let offered = ["sv", "en"];
        // (address, cookie, Accept-Language, chosen)
        let cases = [
            ("/x?lang=en", Some("sv"), None, Some("en")),
            ("/x?lang=fi", Some("sv"), None, Some("sv")),
            ("/x", None, Some("fi, en-GB;q=0.8"), Some("en")),
            ("/x", None, None, None),
        ];
        for (uri, cookie, accept, chosen) in cases {
            let mut req = TestRequest::with_uri(uri);
            if let Some(c) = cookie {
                req = req.cookie(Cookie::new("c", c));
            }
            if let Some(a) = accept {
                req = req.insert_header(("Accept-Language", a));
            }
            let req = req.to_http_request();
            assert_eq!(
                requested_language(&req, "c", &offered).as_deref(),
                chosen,
                "{uri}"
            );
        }
    }
}
