//! The built-in rules: the files in `rules/`, embedded at build time.
//!
//! Every `rules/<category>/<provider>.toml` is embedded (`build.rs` lists them), so
//! adding a provider is adding its file.

use super::{parse_rules, RuleSyntax};
use crate::error::Result;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Parse every built-in rules file.
pub fn syntax() -> Result<Vec<(RuleSyntax, String)>> {
    let mut all = Vec::new();
    for (name, text) in FILES {
        let category = name.split_once('/').map(|(c, _)| c.to_string());
        for (mut rule, origin) in
            parse_rules(text, &format!("{}rules/{name}", super::BUILTIN_ORIGIN))?
        {
            rule.category = rule.category.or_else(|| category.clone());
            all.push((rule, origin));
        }
    }
    Ok(all)
}
