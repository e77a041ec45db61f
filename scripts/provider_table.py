#!/usr/bin/env python3
"""Print the README's provider table from `leakscan providers list --json`.

Usage: target/debug/leakscan providers list --json | scripts/provider_table.py
The test `providers::r10_readme_provider_table_agrees_with_providers_list` fails
when the README and the binary disagree.
"""
import json
import sys


def main() -> None:
    providers = json.load(sys.stdin)
    print("| id | provider | revoke | base-URL variable | default base URL | rules |")
    print("|---|---|---|---|---|---|")
    for p in providers:
        how = p["revoke_method"]
        if p["revoke"] == "manual":
            url = how.split("(", 1)[1].split(")", 1)[0] if "(" in how else how
            revoke = f"manual: {url}"
        else:
            revoke = f"api: {how}"
        rules = ", ".join(p["rules"])
        print(
            f"| `{p['id']}` | {p['name']} | {revoke} | `{p['env']}` | "
            f"`{p['default_api_url']}` | {rules} |"
        )


if __name__ == "__main__":
    main()
