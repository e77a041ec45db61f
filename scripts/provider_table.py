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
    print(
        "| id | provider | verify | revoke | base-URL variable | default base URL | rules |"
    )
    print("|---|---|---|---|---|---|---|")
    for p in providers:
        how = p["revoke_method"]
        if p["revoke"] == "manual":
            url = how.split("(", 1)[1].split(")", 1)[0] if "(" in how else how
            revoke = f"manual: {url}"
        else:
            revoke = f"api: {how}"
        rules = ", ".join(p["rules"])
        verify = "yes" if p["verify"] else "no"
        env = f"`{p['env']}`" if p["env"] else ""
        url = f"`{p['default_api_url']}`" if p["default_api_url"] else ""
        print(
            f"| `{p['id']}` | {p['name']} | {verify} | {revoke} | {env} | "
            f"{url} | {rules} |"
        )


if __name__ == "__main__":
    main()
