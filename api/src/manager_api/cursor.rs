//! Cursor pagination for the management API's lists: `?cursor=…&limit=…` in, `{"items":[…],
//! "next_cursor"}` out. A cursor is opaque to clients (URL-safe base64 of the last id of the
//! page before); keyset paging on ids keeps every page one index range scan however deep.

use crate::problem::{FieldError, Problem};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use validator::Validate;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

/// The query of a list: where to go on from, and how many items at most.
#[derive(Debug, Default, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub cursor: Option<String>,
    #[validate(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<u32>,
}

impl ListQuery {
    /// The id the page goes on from (`None` for the first page) and the page size; a bad
    /// cursor or limit is a 422 naming the parameter.
    pub fn page(&self) -> Result<(Option<i64>, i64), Problem> {
        self.validate()
            .map_err(|e| Problem::invalid_fields(super::validation::field_errors(&e)))?;
        let after = match &self.cursor {
            Some(c) => Some(Cursor::decode(c).ok_or_else(|| {
                Problem::invalid_fields(vec![FieldError::field(
                    "cursor",
                    "invalid_cursor",
                    "is not a cursor this server gave out",
                )])
            })?),
            None => None,
        };
        Ok((
            after.map(|c| c.0),
            i64::from(self.limit.unwrap_or(DEFAULT_LIMIT)),
        ))
    }
}

/// The position after an item: its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub i64);

impl Cursor {
    pub fn encode(self) -> String {
        URL_SAFE_NO_PAD.encode(format!("id:{}", self.0))
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = std::str::from_utf8(&bytes).ok()?;
        text.strip_prefix("id:")?.parse().ok().map(Cursor)
    }
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page of `rows` fetched with `limit`: when the page is full, the next one goes on
    /// after its last row. (A full last page gives one empty page more: cheaper than fetching
    /// a row beyond the limit in every query.)
    pub fn of<R>(
        rows: Vec<R>,
        limit: i64,
        id: impl Fn(&R) -> i64,
        view: impl Fn(R) -> T,
    ) -> Page<T> {
        let full = i64::try_from(rows.len()).is_ok_and(|n| n >= limit);
        let next_cursor = rows
            .last()
            .filter(|_| full)
            .map(|last| Cursor(id(last)).encode());
        Page {
            items: rows.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        for id in [1, 42, i64::MAX] {
            assert_eq!(Cursor::decode(&Cursor(id).encode()), Some(Cursor(id)));
        }
        for bad in ["", "42", "!!", &URL_SAFE_NO_PAD.encode("id:x")] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_full_page_points_to_the_next() {
        let page = Page::of(vec![3, 5], 2, |r| *r, |r| r * 10);
        assert_eq!(page.items, [30, 50]);
        assert_eq!(page.next_cursor, Some(Cursor(5).encode()));
        let last = Page::of(vec![7], 2, |r| *r, |r| r);
        assert_eq!(last.next_cursor, None);
    }

    #[test]
    fn limits_and_cursors_are_checked() {
        let q = |cursor: Option<&str>, limit| ListQuery {
            cursor: cursor.map(str::to_string),
            limit,
        };
        assert_eq!(q(None, None).page().unwrap(), (None, 50));
        assert_eq!(
            q(Some(&Cursor(9).encode()), Some(10)).page().unwrap(),
            (Some(9), 10)
        );
        assert_eq!(q(None, Some(0)).page().unwrap_err().status, 422);
        assert_eq!(q(None, Some(501)).page().unwrap_err().status, 422);
        let bad = q(Some("nonsense"), None).page().unwrap_err();
        assert_eq!(bad.errors[0].field.as_deref(), Some("cursor"));
    }
}
