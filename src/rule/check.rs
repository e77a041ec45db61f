//! The rule self-test: every rule must find something in each of its `examples`
//! and nothing in each of its `negative_examples`.
//!
//! Runs each example through a matcher holding only that rule, so the whole path is
//! tested (keyword prefilter, window, regex, filters), not just the regex.

use crate::error::Result;
use crate::matcher::{GlobalFilters, Matcher};
use crate::rule::{Rule, RuleSet};

/// One failed example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The rule id.
    pub rule_id: String,
    /// Where the rule came from.
    pub origin: String,
    /// What went wrong.
    pub message: String,
}

/// Check every rule against its examples; returns the failures.
pub fn check(rules: Vec<Rule>, filters: &GlobalFilters) -> Result<Vec<Failure>> {
    let mut failures = Vec::new();
    for rule in rules {
        let id = rule.syntax.id.clone();
        let origin = rule.origin.clone();
        let examples = rule.syntax.examples.clone();
        let negatives = rule.syntax.negative_examples.clone();
        let path = rule
            .syntax
            .example_path
            .clone()
            .unwrap_or_else(|| "example.txt".into());
        if examples.is_empty() {
            failures.push(Failure {
                rule_id: id.clone(),
                origin: origin.clone(),
                message: "has no examples".into(),
            });
        }
        let matcher = Matcher::new(RuleSet::from_rules(vec![rule]), filters.clone())?;
        for (i, ex) in examples.iter().enumerate() {
            if matcher.find(&path, ex.as_bytes()).is_empty() {
                failures.push(Failure {
                    rule_id: id.clone(),
                    origin: origin.clone(),
                    message: format!("example {} is not matched", i + 1),
                });
            }
        }
        for (i, ex) in negatives.iter().enumerate() {
            let found = matcher.find(&path, ex.as_bytes());
            if let Some(m) = found.first() {
                failures.push(Failure {
                    rule_id: id.clone(),
                    origin: origin.clone(),
                    message: format!(
                        "negative example {} is matched at line {}, column {} ({})",
                        i + 1,
                        m.line,
                        m.column,
                        m.secret.redacted()
                    ),
                });
            }
        }
    }
    Ok(failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_STOPWORDS;
    use crate::rule::builtin;

    /// Every built-in rule passes its own examples, with the default stopwords on.
    #[test]
    fn builtin_rules_pass_their_examples() {
        let rules = builtin::syntax()
            .unwrap()
            .into_iter()
            .map(|(r, o)| Rule::compile(r, o).unwrap())
            .collect();
        let filters = GlobalFilters {
            stopwords: DEFAULT_STOPWORDS.iter().map(ToString::to_string).collect(),
            allow: Vec::new(),
        };
        let failures = check(rules, &filters).unwrap();
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
