//! The built-in rules: the files in `rules/`, embedded at build time.
//!
//! Adding a provider is a new `rules/<provider>.toml` plus one line here.

use super::{parse_rules, RuleSyntax};
use crate::error::Result;

/// `(file name, contents)` of every built-in rules file.
pub const FILES: &[(&str, &str)] = &[
    ("anthropic.toml", include_str!("../../rules/anthropic.toml")),
    ("atlassian.toml", include_str!("../../rules/atlassian.toml")),
    ("aws.toml", include_str!("../../rules/aws.toml")),
    ("azure.toml", include_str!("../../rules/azure.toml")),
    ("database.toml", include_str!("../../rules/database.toml")),
    (
        "digitalocean.toml",
        include_str!("../../rules/digitalocean.toml"),
    ),
    ("discord.toml", include_str!("../../rules/discord.toml")),
    ("dockerhub.toml", include_str!("../../rules/dockerhub.toml")),
    ("generic.toml", include_str!("../../rules/generic.toml")),
    ("github.toml", include_str!("../../rules/github.toml")),
    ("gitlab.toml", include_str!("../../rules/gitlab.toml")),
    ("google.toml", include_str!("../../rules/google.toml")),
    (
        "huggingface.toml",
        include_str!("../../rules/huggingface.toml"),
    ),
    ("jwt.toml", include_str!("../../rules/jwt.toml")),
    ("mailgun.toml", include_str!("../../rules/mailgun.toml")),
    ("npm.toml", include_str!("../../rules/npm.toml")),
    ("openai.toml", include_str!("../../rules/openai.toml")),
    (
        "paperspace.toml",
        include_str!("../../rules/paperspace.toml"),
    ),
    (
        "private-key.toml",
        include_str!("../../rules/private-key.toml"),
    ),
    ("pypi.toml", include_str!("../../rules/pypi.toml")),
    ("sendgrid.toml", include_str!("../../rules/sendgrid.toml")),
    ("shopify.toml", include_str!("../../rules/shopify.toml")),
    ("slack.toml", include_str!("../../rules/slack.toml")),
    ("stripe.toml", include_str!("../../rules/stripe.toml")),
    ("telegram.toml", include_str!("../../rules/telegram.toml")),
    ("twilio.toml", include_str!("../../rules/twilio.toml")),
];

/// Parse every built-in rules file.
pub fn syntax() -> Result<Vec<(RuleSyntax, String)>> {
    let mut all = Vec::new();
    for (name, text) in FILES {
        all.extend(parse_rules(text, &format!("builtin:rules/{name}"))?);
    }
    Ok(all)
}
