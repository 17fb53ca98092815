//! Splits an expression's source text into tokens, each with the byte offset where it starts,
//! so that the parser can say exactly where something unexpected is.

use super::error::ParseError;

/// Longest expression accepted, in tokens. Real XLSForm expressions are far shorter; the
/// limit keeps parsing and evaluation (both recursive) well inside a thread's stack.
const MAX_TOKENS: usize = 2_000;

/// One lexical unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    Number(f64),
    /// A string literal's content, without quotes.
    Text(String),
    /// `${name}`
    Reference(String),
    /// `.`
    Dot,
    /// `..`: the enclosing node, as in `position(..)`.
    DotDot,
    /// A bare word: a function name or one of `and`, `or`, `div`, `mod`.
    Name(String),
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    /// After the last token.
    End,
}

impl TokenKind {
    /// How the token is named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenKind::Number(number) => {
                format!("number {}", super::number::format_number(*number))
            }
            TokenKind::Text(text) => format!("string '{text}'"),
            TokenKind::Reference(name) => format!("${{{name}}}"),
            TokenKind::Dot => "'.'".to_owned(),
            TokenKind::DotDot => "'..'".to_owned(),
            TokenKind::Name(name) => format!("'{name}'"),
            TokenKind::LeftParen => "'('".to_owned(),
            TokenKind::RightParen => "')'".to_owned(),
            TokenKind::Comma => "','".to_owned(),
            TokenKind::Equal => "'='".to_owned(),
            TokenKind::NotEqual => "'!='".to_owned(),
            TokenKind::Less => "'<'".to_owned(),
            TokenKind::LessOrEqual => "'<='".to_owned(),
            TokenKind::Greater => "'>'".to_owned(),
            TokenKind::GreaterOrEqual => "'>='".to_owned(),
            TokenKind::Plus => "'+'".to_owned(),
            TokenKind::Minus => "'-'".to_owned(),
            TokenKind::Star => "'*'".to_owned(),
            TokenKind::End => "the end of the expression".to_owned(),
        }
    }
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub position: usize,
}

/// The tokens of `source`, always ending with [`TokenKind::End`] at `source.len()`.
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let mut lexer = Lexer {
        source,
        position: 0,
    };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        if tokens.len() >= MAX_TOKENS {
            return Err(ParseError::new(
                token.position,
                format!("expression too long (more than {MAX_TOKENS} tokens)"),
            ));
        }
        tokens.push(token);
    }
    tokens.push(Token {
        kind: TokenKind::End,
        position: source.len(),
    });
    Ok(tokens)
}

/// Whether `c` may start a function name or a name inside `${…}`.
fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` may continue a function name (XPath names contain `-`: `count-selected`).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

struct Lexer<'a> {
    source: &'a str,
    /// Byte offset of the next character; always on a character boundary.
    position: usize,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        self.source.get(self.position..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += c.len_utf8();
        Some(c)
    }

    /// Consumes characters while `accept` holds and returns them.
    fn take_while(&mut self, accept: impl Fn(char) -> bool) -> &str {
        let start = self.position;
        while self.peek().is_some_and(&accept) {
            self.bump();
        }
        self.source.get(start..self.position).unwrap_or("")
    }

    fn next_token(&mut self) -> Result<Option<Token>, ParseError> {
        self.take_while(char::is_whitespace);
        let start = self.position;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let kind = match c {
            '$' => self.reference()?,
            '\'' | '"' => self.string(c)?,
            '0'..='9' => self.number(),
            '.' if self.peek_second().is_some_and(|next| next.is_ascii_digit()) => self.number(),
            '.' if self.peek_second() == Some('.') => {
                self.bump();
                self.single(TokenKind::DotDot)
            }
            '.' => self.single(TokenKind::Dot),
            '(' => self.single(TokenKind::LeftParen),
            ')' => self.single(TokenKind::RightParen),
            ',' => self.single(TokenKind::Comma),
            '=' => self.single(TokenKind::Equal),
            '+' => self.single(TokenKind::Plus),
            '-' => self.single(TokenKind::Minus),
            '*' => self.single(TokenKind::Star),
            '<' => self.with_optional_equal(TokenKind::Less, TokenKind::LessOrEqual),
            '>' => self.with_optional_equal(TokenKind::Greater, TokenKind::GreaterOrEqual),
            '!' => {
                self.bump();
                if self.peek() != Some('=') {
                    return Err(ParseError::new(
                        start,
                        "expected '!=': a '!' must be followed by '='; for negation use not(...)",
                    ));
                }
                self.single(TokenKind::NotEqual)
            }
            // A function name may have a prefix: `jr:choice-name`.
            c if is_name_start(c) => {
                TokenKind::Name(self.take_while(|c| is_name_char(c) || c == ':').to_owned())
            }
            other => {
                return Err(ParseError::new(
                    start,
                    format!("unexpected character '{other}'"),
                ))
            }
        };
        Ok(Some(Token {
            kind,
            position: start,
        }))
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.bump();
        kind
    }

    fn with_optional_equal(&mut self, alone: TokenKind, with_equal: TokenKind) -> TokenKind {
        self.bump();
        if self.peek() == Some('=') {
            self.bump();
            with_equal
        } else {
            alone
        }
    }

    /// `${name}`; the lexer stands on `$`.
    fn reference(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.position;
        self.bump();
        if self.peek() != Some('{') {
            return Err(ParseError::new(
                start,
                "expected '{' after '$': refer to a question as ${name}",
            ));
        }
        self.bump();
        let name_start = self.position;
        let name = self.take_while(|c| is_name_char(c) || c == '.').to_owned();
        match self.peek() {
            _ if name.is_empty() => Err(ParseError::new(
                name_start,
                "expected a question name after '${'",
            )),
            _ if !name.starts_with(is_name_start) => Err(ParseError::new(
                name_start,
                format!("'{name}' is not a question name: a name starts with a letter or '_'"),
            )),
            Some('}') => {
                self.bump();
                Ok(TokenKind::Reference(name))
            }
            Some(other) => Err(ParseError::new(
                self.position,
                format!("unexpected character '{other}' in ${{{name}...}}; expected '}}'"),
            )),
            None => Err(ParseError::new(
                start,
                format!("unclosed reference '${{{name}': expected '}}'"),
            )),
        }
    }

    /// A string in `quote`s (XPath strings have no escapes); the lexer stands on the quote.
    fn string(&mut self, quote: char) -> Result<TokenKind, ParseError> {
        let start = self.position;
        self.bump();
        let content = self.take_while(|c| c != quote).to_owned();
        if self.bump().is_none() {
            return Err(ParseError::new(
                start,
                format!("unclosed string: expected a closing {quote}"),
            ));
        }
        Ok(TokenKind::Text(content))
    }

    /// Digits with at most one `.`: `2027`, `0.5`, `.5`.
    fn number(&mut self) -> TokenKind {
        let start = self.position;
        self.take_while(|c| c.is_ascii_digit());
        if self.peek() == Some('.') {
            self.bump();
            self.take_while(|c| c.is_ascii_digit());
        }
        let text = self.source.get(start..self.position).unwrap_or("");
        TokenKind::Number(super::number::parse_decimal(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Result<Vec<TokenKind>, ParseError> {
        Ok(tokenize(source)?.into_iter().map(|t| t.kind).collect())
    }

    #[test]
    fn tokens_of_a_typical_relevance() -> Result<(), ParseError> {
        assert_eq!(
            kinds("${born_sweden} != 'no' and . >= 1.5")?,
            vec![
                TokenKind::Reference("born_sweden".into()),
                TokenKind::NotEqual,
                TokenKind::Text("no".into()),
                TokenKind::Name("and".into()),
                TokenKind::Dot,
                TokenKind::GreaterOrEqual,
                TokenKind::Number(1.5),
                TokenKind::End,
            ]
        );
        Ok(())
    }

    #[test]
    fn hyphenated_function_names_and_decimals() -> Result<(), ParseError> {
        assert_eq!(
            kinds("count-selected(.)<=.5")?,
            vec![
                TokenKind::Name("count-selected".into()),
                TokenKind::LeftParen,
                TokenKind::Dot,
                TokenKind::RightParen,
                TokenKind::LessOrEqual,
                TokenKind::Number(0.5),
                TokenKind::End,
            ]
        );
        Ok(())
    }

    #[test]
    fn positions_are_byte_offsets() -> Result<(), ParseError> {
        let tokens = tokenize("'å' = \"x\"")?;
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, vec![0, 5, 7, 10]);
        Ok(())
    }

    #[test]
    fn lexical_errors_point_at_the_problem() {
        let error_at = |source: &str| tokenize(source).err().map(|e| e.position);
        assert_eq!(error_at("'abc"), Some(0));
        assert_eq!(error_at("1 = \"abc"), Some(4));
        assert_eq!(error_at("${abc"), Some(0));
        assert_eq!(error_at("${a b}"), Some(3));
        assert_eq!(error_at("${}"), Some(2));
        assert_eq!(error_at("$abc"), Some(0));
        assert_eq!(error_at("1 ! 2"), Some(2));
        assert_eq!(error_at("1 # 2"), Some(2));
    }

    #[test]
    fn overly_long_expressions_are_refused() {
        let source = "1+".repeat(MAX_TOKENS) + "1";
        assert!(tokenize(&source).is_err());
    }
}
