//! Recursive-descent parser from tokens to [`Expr`], one function per precedence level of
//! XPath (or < and < equality < relational < additive < multiplicative < unary). Errors name
//! what was found, what was expected, and the byte offset, so an import report can point at
//! the exact spot of a questionnaire author's mistake.

use super::ast::{BinaryOperator, Expr};
use super::error::ParseError;
use super::functions::{whole_match_regex, Function};
use super::lexer::{tokenize, Token, TokenKind};

/// ODK functions that read what a web questionnaire has not got: a file attached to the form,
/// or the device.
const OUTSIDE_DATA_FUNCTIONS: &[&str] = &["pulldata", "search", "instance", "distance", "area"];

/// Deepest nesting of parentheses, calls and unary minus accepted; keeps the recursion of
/// parsing and evaluation far from the stack's limit.
const MAX_NESTING: usize = 64;

/// Parses an XLSForm expression.
pub fn parse(source: &str) -> Result<Expr, ParseError> {
    parse_with(source, false)
}

/// Parses a `choice_filter`: an expression in which a bare name (`region`, `name`) is a
/// column of the choice being filtered, as in ODK's `region = ${region}`.
pub fn parse_choice_filter(source: &str) -> Result<Expr, ParseError> {
    parse_with(source, true)
}

fn parse_with(source: &str, choice_columns: bool) -> Result<Expr, ParseError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        index: 0,
        nesting: 0,
        choice_columns,
        end: Token {
            kind: TokenKind::End,
            position: source.len(),
        },
    };
    if parser.peek().kind == TokenKind::End {
        return Err(ParseError::new(0, "empty expression"));
    }
    let expr = parser.or_expression()?;
    let next = parser.peek();
    if next.kind != TokenKind::End {
        return Err(ParseError::new(
            next.position,
            format!(
                "unexpected {}; expected an operator or the end of the expression",
                next.kind.describe()
            ),
        ));
    }
    Ok(expr)
}

struct Parser {
    tokens: Vec<Token>,
    index: usize,
    nesting: usize,
    /// Whether a bare name is a choice's column (in a `choice_filter`).
    choice_columns: bool,
    /// Returned by `peek` past the last token (the token list always ends with one anyway).
    end: Token,
}

/// Words that are operators, not function names.
fn is_operator_word(name: &str) -> bool {
    matches!(name, "and" | "or" | "div" | "mod")
}

fn or_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    matches!(kind, TokenKind::Name(name) if name == "or").then_some(BinaryOperator::Or)
}

fn and_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    matches!(kind, TokenKind::Name(name) if name == "and").then_some(BinaryOperator::And)
}

fn equality_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    match kind {
        TokenKind::Equal => Some(BinaryOperator::Equal),
        TokenKind::NotEqual => Some(BinaryOperator::NotEqual),
        _ => None,
    }
}

fn relational_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    match kind {
        TokenKind::Less => Some(BinaryOperator::Less),
        TokenKind::LessOrEqual => Some(BinaryOperator::LessOrEqual),
        TokenKind::Greater => Some(BinaryOperator::Greater),
        TokenKind::GreaterOrEqual => Some(BinaryOperator::GreaterOrEqual),
        _ => None,
    }
}

fn additive_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    match kind {
        TokenKind::Plus => Some(BinaryOperator::Add),
        TokenKind::Minus => Some(BinaryOperator::Subtract),
        _ => None,
    }
}

fn multiplicative_operator(kind: &TokenKind) -> Option<BinaryOperator> {
    match kind {
        TokenKind::Star => Some(BinaryOperator::Multiply),
        TokenKind::Name(name) if name == "div" => Some(BinaryOperator::Divide),
        TokenKind::Name(name) if name == "mod" => Some(BinaryOperator::Modulo),
        _ => None,
    }
}

type Level = fn(&mut Parser) -> Result<Expr, ParseError>;

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.index).unwrap_or(&self.end)
    }

    fn peek_second(&self) -> &Token {
        self.tokens.get(self.index + 1).unwrap_or(&self.end)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.index < self.tokens.len() {
            self.index += 1;
        }
        token
    }

    /// Enters one level of nesting, refusing absurdly deep expressions.
    fn enter(&mut self, position: usize) -> Result<(), ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(ParseError::new(
                position,
                format!("expression nested too deeply (more than {MAX_NESTING} levels)"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }

    /// One left-associative level: `operand (operator operand)*`.
    fn binary_level(
        &mut self,
        operand: Level,
        operator_of: fn(&TokenKind) -> Option<BinaryOperator>,
    ) -> Result<Expr, ParseError> {
        let mut left = operand(self)?;
        while let Some(operator) = operator_of(&self.peek().kind) {
            self.advance();
            let right = operand(self)?;
            left = Expr::Binary {
                operator,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn or_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::and_expression, or_operator)
    }

    fn and_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::equality_expression, and_operator)
    }

    fn equality_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::relational_expression, equality_operator)
    }

    fn relational_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::additive_expression, relational_operator)
    }

    fn additive_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::multiplicative_expression, additive_operator)
    }

    fn multiplicative_expression(&mut self) -> Result<Expr, ParseError> {
        self.binary_level(Parser::unary_expression, multiplicative_operator)
    }

    fn unary_expression(&mut self) -> Result<Expr, ParseError> {
        if self.peek().kind != TokenKind::Minus {
            return self.primary();
        }
        let minus = self.advance();
        self.enter(minus.position)?;
        let operand = self.unary_expression()?;
        self.leave();
        Ok(Expr::Negate(Box::new(operand)))
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let token = self.peek().clone();
        match token.kind {
            TokenKind::Number(number) => {
                self.advance();
                Ok(Expr::Number(number))
            }
            TokenKind::Text(text) => {
                self.advance();
                Ok(Expr::Text(text))
            }
            TokenKind::Reference(name) => {
                self.advance();
                Ok(Expr::Reference(name))
            }
            TokenKind::Dot => {
                self.advance();
                Ok(Expr::Current)
            }
            TokenKind::DotDot => {
                self.advance();
                Ok(Expr::Parent)
            }
            TokenKind::LeftParen => self.parenthesised(),
            TokenKind::Name(name) if is_operator_word(&name) => Err(ParseError::new(
                token.position,
                format!("expected a value before '{name}'"),
            )),
            TokenKind::Name(name) if self.peek_second().kind == TokenKind::LeftParen => {
                self.call(&name, token.position)
            }
            TokenKind::Name(name) if self.choice_columns => {
                self.advance();
                Ok(Expr::ChoiceColumn(name))
            }
            TokenKind::Name(name) => Err(ParseError::new(
                token.position,
                format!(
                    "unexpected name '{name}': refer to a question as ${{{name}}}, \
                     or call a function as {name}(...)"
                ),
            )),
            other => Err(ParseError::new(
                token.position,
                format!(
                    "expected a value (a number, a 'string', ${{name}}, '.', '(' or a function \
                     call), found {}",
                    other.describe()
                ),
            )),
        }
    }

    /// `( expression )`; the parser stands on `(`.
    fn parenthesised(&mut self) -> Result<Expr, ParseError> {
        let open = self.advance();
        self.enter(open.position)?;
        let inner = self.or_expression()?;
        self.leave();
        let close = self.advance();
        if close.kind != TokenKind::RightParen {
            return Err(ParseError::new(
                close.position,
                format!(
                    "expected ')' to close the '(' at position {}, found {}",
                    open.position,
                    close.kind.describe()
                ),
            ));
        }
        Ok(inner)
    }

    /// `name(arguments)`; the parser stands on the name, followed by `(`.
    fn call(&mut self, name: &str, position: usize) -> Result<Expr, ParseError> {
        let function = Function::from_name(name).ok_or_else(|| {
            let message = if OUTSIDE_DATA_FUNCTIONS.contains(&name) {
                format!(
                    "{name}() reads data from outside the form (a file attached to it, or a \
                     device), which Svar does not have"
                )
            } else {
                format!(
                    "unknown function '{name}()'; known functions: {}",
                    Function::known_names()
                )
            };
            ParseError::new(position, message)
        })?;
        self.advance();
        let open = self.advance();
        self.enter(open.position)?;
        let (arguments, argument_positions) = self.arguments(name)?;
        self.leave();
        if !function.arity().accepts(arguments.len()) {
            return Err(ParseError::new(
                position,
                format!(
                    "{name}() takes {}, got {}",
                    function.arity().describe(),
                    arguments.len()
                ),
            ));
        }
        if function == Function::Regex {
            check_regex_literal(&arguments, &argument_positions)?;
        }
        Ok(Expr::Call {
            function,
            arguments,
        })
    }

    /// Arguments up to and including the closing `)`, with each one's start position.
    fn arguments(&mut self, name: &str) -> Result<(Vec<Expr>, Vec<usize>), ParseError> {
        let mut arguments = Vec::new();
        let mut positions = Vec::new();
        if self.peek().kind == TokenKind::RightParen {
            self.advance();
            return Ok((arguments, positions));
        }
        loop {
            positions.push(self.peek().position);
            arguments.push(self.or_expression()?);
            let separator = self.advance();
            match separator.kind {
                TokenKind::Comma => continue,
                TokenKind::RightParen => return Ok((arguments, positions)),
                other => {
                    return Err(ParseError::new(
                        separator.position,
                        format!(
                            "expected ',' or ')' in the arguments of {name}(), found {}",
                            other.describe()
                        ),
                    ))
                }
            }
        }
    }
}

/// A literal pattern is compiled now so that a broken regular expression is an import error,
/// not a constraint that silently fails every answer.
fn check_regex_literal(arguments: &[Expr], positions: &[usize]) -> Result<(), ParseError> {
    if let (Some(Expr::Text(pattern)), Some(position)) = (arguments.get(1), positions.get(1)) {
        if let Err(error) = whole_match_regex(pattern) {
            let reason = error.to_string();
            let reason = reason.lines().last().unwrap_or("").trim().to_owned();
            return Err(ParseError::new(
                *position,
                format!("invalid regular expression in regex(): {reason}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: f64) -> Box<Expr> {
        Box::new(Expr::Number(n))
    }

    fn binary(operator: BinaryOperator, left: Box<Expr>, right: Box<Expr>) -> Box<Expr> {
        Box::new(Expr::Binary {
            operator,
            left,
            right,
        })
    }

    fn error(source: &str) -> ParseError {
        match parse(source) {
            Ok(expr) => panic!("{source:?} parsed as {expr:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn multiplication_binds_tighter_than_addition() -> Result<(), ParseError> {
        use BinaryOperator::*;
        assert_eq!(
            parse("1 + 2 * 3")?,
            *binary(Add, number(1.0), binary(Multiply, number(2.0), number(3.0)))
        );
        assert_eq!(
            parse("(1 + 2) * 3")?,
            *binary(Multiply, binary(Add, number(1.0), number(2.0)), number(3.0))
        );
        Ok(())
    }

    #[test]
    fn operators_of_one_level_associate_left() -> Result<(), ParseError> {
        use BinaryOperator::*;
        assert_eq!(
            parse("10 - 4 - 3")?,
            *binary(
                Subtract,
                binary(Subtract, number(10.0), number(4.0)),
                number(3.0)
            )
        );
        assert_eq!(
            parse("8 div 4 mod 3")?,
            *binary(
                Modulo,
                binary(Divide, number(8.0), number(4.0)),
                number(3.0)
            )
        );
        Ok(())
    }

    #[test]
    fn xpath_precedence_from_or_to_unary() -> Result<(), ParseError> {
        use BinaryOperator::*;
        // or < and < = < '<' < + < * < unary minus
        assert_eq!(
            parse("1 or 2 and 3 = 4 < 5 + 6 * -7")?,
            *binary(
                Or,
                number(1.0),
                binary(
                    And,
                    number(2.0),
                    binary(
                        Equal,
                        number(3.0),
                        binary(
                            Less,
                            number(4.0),
                            binary(
                                Add,
                                number(5.0),
                                binary(Multiply, number(6.0), Box::new(Expr::Negate(number(7.0))))
                            )
                        )
                    )
                )
            )
        );
        Ok(())
    }

    #[test]
    fn calls_references_dot_and_strings() -> Result<(), ParseError> {
        assert_eq!(
            parse("selected(., \"none\")")?,
            Expr::Call {
                function: Function::Selected,
                arguments: vec![Expr::Current, Expr::Text("none".into())],
            }
        );
        assert_eq!(parse("${a}")?, Expr::Reference("a".into()));
        assert_eq!(
            parse("concat('a', ${b}, 3)")?,
            Expr::Call {
                function: Function::Concat,
                arguments: vec![
                    Expr::Text("a".into()),
                    Expr::Reference("b".into()),
                    Expr::Number(3.0)
                ],
            }
        );
        Ok(())
    }

    #[test]
    fn demo_questionnaire_expressions_parse() -> Result<(), ParseError> {
        for source in [
            "${born_sweden} = 'no'",
            ". >= 1920 and . <= 2026",
            "if(${born_sweden} = 'no', 2027 - ${arrival_year}, '')",
            "${born_sweden} = 'no' and ${arrival_year} != ''",
            "${citizen} = 'yes'",
            ". >= 0 and . <= 10",
            "not(selected(., 'none') and count-selected(.) > 1)",
            "${discriminated} = 'yes'",
            "regex(., '[0-9]{4}') or string-length(coalesce(${a}, '')) > 0",
        ] {
            parse(source)?;
        }
        Ok(())
    }

    #[test]
    fn errors_give_position_and_expectation() {
        let e = error("${a} = ");
        assert_eq!(e.position, 7);
        assert!(e.message.contains("expected a value"), "{}", e.message);
        assert!(
            e.message.contains("the end of the expression"),
            "{}",
            e.message
        );

        let e = error("(1 + 2");
        assert_eq!(e.position, 6);
        assert!(e.message.contains("expected ')'"), "{}", e.message);

        let e = error("1 2");
        assert_eq!(e.position, 2);
        assert!(e.message.contains("expected an operator"), "{}", e.message);

        let e = error("");
        assert_eq!((e.position, e.message.as_str()), (0, "empty expression"));

        let e = error("'abc");
        assert_eq!(e.position, 0);
        assert!(e.message.contains("unclosed string"), "{}", e.message);

        let e = error("1 = 1 and and");
        assert_eq!(e.position, 10);
        assert!(e.message.contains("before 'and'"), "{}", e.message);

        let e = error("born_sweden = 'no'");
        assert_eq!(e.position, 0);
        assert!(e.message.contains("${born_sweden}"), "{}", e.message);
    }

    #[test]
    fn unknown_functions_and_wrong_arity_are_refused() {
        let e = error("1 + pulldata('fruits', 'name')");
        assert_eq!(e.position, 4);
        assert!(
            e.message
                .contains("pulldata() reads data from outside the form"),
            "{}",
            e.message
        );
        let e = error("1 + randm()");
        assert!(
            e.message.contains("unknown function 'randm()'"),
            "{}",
            e.message
        );
        assert!(e.message.contains("count-selected"), "{}", e.message);

        let e = error("  selected(.)");
        assert_eq!(e.position, 2);
        assert_eq!(e.message, "selected() takes 2 arguments, got 1");

        let e = error("if(1, 2, 3, 4)");
        assert_eq!(e.message, "if() takes 3 arguments, got 4");

        let e = error("concat()");
        assert_eq!(e.message, "concat() takes at least 1 argument, got 0");

        let e = error("not(1 2)");
        assert_eq!(e.position, 6);
        assert!(
            e.message
                .contains("expected ',' or ')' in the arguments of not()"),
            "{}",
            e.message
        );

        let e = error("not(1");
        assert_eq!(e.position, 5);
    }

    #[test]
    fn broken_regex_literal_is_a_parse_error() {
        let e = error("regex(., '[0-9')");
        assert_eq!(e.position, 9);
        assert!(
            e.message.starts_with("invalid regular expression"),
            "{}",
            e.message
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "(".repeat(MAX_NESTING + 1) + "1" + &")".repeat(MAX_NESTING + 1);
        assert!(error(&deep).message.contains("nested too deeply"));
        let fine = "(".repeat(MAX_NESTING) + "1" + &")".repeat(MAX_NESTING);
        assert!(parse(&fine).is_ok());
        assert!(parse(&("-".repeat(MAX_NESTING + 1) + "1")).is_err());
    }
}
