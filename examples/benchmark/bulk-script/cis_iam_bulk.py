#!/usr/bin/env python3
"""CIS AWS Foundations IAM checks from bulk IAM reads, as an expert writes them.

The comparison `make bench` runs next to the provider's CIS plan: what a user
who knows IAM would script instead of a Terraform audit. Three reads, run
concurrently, whatever the size of the account:

- GetAccountAuthorizationDetails (MaxItems 1000): users with their groups,
  attached and inline policies; groups; roles; local and attached AWS managed
  policies with their default version;
- the credential report (GenerateCredentialReport until COMPLETE, then
  GetCredentialReport): passwords, MFA, key slots and their last use, root;
- GetAccountPasswordPolicy.

It then decides the controls those reads can decide and prints one JSON
document: the counts the benchmark compares with the seeded account and, per
control, the offenders. Endpoint, region and credentials come from the usual
AWS environment (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, ...).
"""

import csv
import io
import json
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

UNUSED_DAYS = 45
ROTATION_DAYS = 90
ROOT_UNUSED_DAYS = 1
MIN_PASSWORD_LENGTH = 14
PASSWORD_REUSE = 24
ABSENT = {"N/A", "no_information", "not_supported", ""}


def authorization_details(iam):
    """Every page of GetAccountAuthorizationDetails, merged."""
    out = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    pages = iam.get_paginator("get_account_authorization_details").paginate(
        Filter=["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"],
        PaginationConfig={"PageSize": 1000},
    )
    for page in pages:
        for key, items in out.items():
            items.extend(page.get(key, []))
    return out


def credential_report(iam):
    """The credential report's rows, generated if needed."""
    delay = 0.5
    while iam.generate_credential_report()["State"] != "COMPLETE":
        time.sleep(delay)
        delay = min(delay * 2, 4)
    content = iam.get_credential_report()["Content"].decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def password_policy(iam):
    """The account password policy, or None when none is set."""
    try:
        return iam.get_account_password_policy()["PasswordPolicy"]
    except ClientError as err:
        if err.response["Error"]["Code"] == "NoSuchEntity":
            return None
        raise


def when(value):
    """A report timestamp, or None for N/A and friends."""
    return None if value in ABSENT else datetime.fromisoformat(value.replace("Z", "+00:00"))


def days(since, now):
    return (now - since).days


def document(version_or_policy):
    doc = version_or_policy["Document"]
    return json.loads(urllib.parse.unquote(doc)) if isinstance(doc, str) else doc


def statements(doc):
    stmts = doc.get("Statement", [])
    return stmts if isinstance(stmts, list) else [stmts]


def as_list(value):
    return value if isinstance(value, list) else [value]


def full_admin(doc):
    """CIS 1.16's test: an Allow of Action "*" on Resource "*"."""
    return any(
        s.get("Effect") == "Allow" and "*" in as_list(s.get("Action", [])) and "*" in as_list(s.get("Resource", []))
        for s in statements(doc)
    )


def policy_name(policy):
    # moto's GAAD omits PolicyName; the ARN ends with it.
    return policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]


def default_document(policy):
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion"):
            return document(version)
    return {}


def controls(details, rows, policy, now):
    users = {u["UserName"]: u for u in details["UserDetailList"]}
    root = next((r for r in rows if r["user"] == "<root_account>"), None)
    iam_rows = [r for r in rows if r["user"] in users]
    result = {}

    def put(control, offenders):
        result[control] = {"status": "FAIL" if offenders else "PASS", "offenders": sorted(offenders)}

    if root is not None:
        put("1.4", ["<root_account>"] if "true" in (root["access_key_1_active"], root["access_key_2_active"]) else [])
        put("1.5", [] if root["mfa_active"] == "true" else ["<root_account>"])
        used = [t for t in (when(root["password_last_used"]), when(root["access_key_1_last_used_date"]),
                            when(root["access_key_2_last_used_date"])) if t]
        put("1.7", ["<root_account>"] if any(days(t, now) < ROOT_UNUSED_DAYS for t in used) else [])
    policy = policy or {}
    put("1.8", [] if policy.get("MinimumPasswordLength", 0) >= MIN_PASSWORD_LENGTH else ["password policy"])
    put("1.9", [] if policy.get("PasswordReusePrevention", 0) >= PASSWORD_REUSE else ["password policy"])

    no_mfa, unused, two_keys, old_keys = [], [], [], []
    for r in iam_rows:
        if r["password_enabled"] == "true" and r["mfa_active"] != "true":
            no_mfa.append(r["user"])
        if r["password_enabled"] == "true":
            last = when(r["password_last_used"]) or when(r["password_last_changed"])
            if last and days(last, now) > UNUSED_DAYS:
                unused.append(r["user"])
        active = 0
        for slot in ("1", "2"):
            if r[f"access_key_{slot}_active"] != "true":
                continue
            active += 1
            rotated = when(r[f"access_key_{slot}_last_rotated"])
            last = when(r[f"access_key_{slot}_last_used_date"]) or rotated
            if last and days(last, now) > UNUSED_DAYS and r["user"] not in unused:
                unused.append(r["user"])
            if rotated and days(rotated, now) > ROTATION_DAYS:
                old_keys.append(r["user"])
        if active > 1:
            two_keys.append(r["user"])
    put("1.10", no_mfa)
    put("1.12", unused)
    put("1.13", two_keys)
    put("1.14", sorted(set(old_keys)))
    put("1.15", [n for n, u in users.items() if u.get("AttachedManagedPolicies") or u.get("UserPolicyList")])

    attached = [p for p in details["Policies"] if p.get("AttachmentCount", 0) > 0]
    put("1.16", [policy_name(p) for p in attached if full_admin(default_document(p))])
    names = {policy_name(p) for p in attached}
    put("1.17", [] if "AWSSupportAccess" in names else ["AWSSupportAccess not attached"])
    put("1.22", [policy_name(p) for p in attached if policy_name(p) == "AWSCloudShellFullAccess"])
    return result


def main():
    iam = boto3.client("iam", config=Config(retries={"mode": "adaptive", "max_attempts": 10},
                                            max_pool_connections=10))
    now = datetime.now(timezone.utc)
    with ThreadPoolExecutor(max_workers=3) as pool:
        details = pool.submit(authorization_details, iam)
        rows = pool.submit(credential_report, iam)
        policy = pool.submit(password_policy, iam)
        details, rows, policy = details.result(), rows.result(), policy.result()
    users = {u["UserName"] for u in details["UserDetailList"]}
    keys = sum(1 for r in rows if r["user"] in users
               for slot in ("1", "2") if r[f"access_key_{slot}_last_rotated"] not in ABSENT)
    json.dump({
        "users": len(users),
        "access_keys": keys,
        "report_rows": sum(1 for r in rows if r["user"] in users),
        "controls": controls(details, rows, policy, now),
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
