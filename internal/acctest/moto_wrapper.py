"""moto server for internal/acctest: moto_server plus a per-request IAM clock.

Usage: python3 moto_wrapper.py PORT

Differences from `moto_server -p PORT`:

* A request carrying the header X-Iamaudit-Time-Offset: <seconds> runs with
  moto's IAM clock shifted by that many seconds (negative = the past). moto's
  IAM models read the time through `utcnow` imported into moto.iam.models
  (user, access key, role, group, policy, MFA enable and last-used dates all
  go through it), so that name is patched. The offset lives in a thread
  local: werkzeug serves every connection on its own thread and requests on
  one connection run one after another, so it applies to exactly one request.
* The credential report behaves as AWS documents it ("Getting credential
  reports", IAM User Guide): GenerateCredentialReport takes a snapshot (the
  CSV and the time, by this request's shifted clock) when there is none or
  the last one is older than 4 hours, answering STARTED, and otherwise
  answers COMPLETE and keeps the snapshot; GetCredentialReport returns the
  snapshot with its GeneratedTime, ReportNotPresent without one and
  ReportExpired once it is older than 4 hours. moto itself rebuilds the CSV
  on every GetCredentialReport and stamps it 2015-02-02T20:02:02Z, which
  would hide every staleness the provider must handle.
* Centralized root access, which moto lacks (see patch_root_access): IAM's
  ListOrganizationsFeatures and Enable/DisableOrganizationsRoot* per
  organization; STS AssumeRoot, opening a root session in a member account
  for the management account or the IAM delegated administrator; and
  GetLoginProfile without a user name in such a session, answering for the
  root user's password (set with /_iamaudit/root password=true|false).
  iam.amazonaws.com may be given trusted access and a delegated
  administrator, as in AWS.
* ListDelegatedAdministrators answers a member account as AWS does: from
  the organization's list when it is a delegated administrator, with
  AccessDeniedException otherwise (moto answers with an empty list).
* GAAD reports a managed policy's PermissionsBoundaryUsageCount: the roles
  using it as their boundary (moto reports none; it stores no user
  boundaries, so users do not count).
* Auth errors (AccessDenied, InvalidClientTokenId, SignatureDoesNotMatch)
  get the query-protocol error shape AWS uses (see fix_query_error).
* /_iamaudit/ready answers 200 without touching moto (readiness probe that
  does not count towards INITIAL_NO_AUTH_ACTION_COUNT).
* /_iamaudit/password-last-used and /_iamaudit/root set state that no IAM API
  can set, and /_iamaudit/credential-report/regenerate takes a fresh report
  snapshot now whatever the age of the last one, as if it had expired (see
  handle_control). Control requests honour the clock offset header too.
* The process exits when its parent (the Go test binary) goes away.
"""

import datetime
import json
import os
import signal
import sys
import threading
import time
from urllib.parse import parse_qs

OFFSET_HEADER = "HTTP_X_IAMAUDIT_TIME_OFFSET"
_local = threading.local()

# AWS regenerates the credential report at most every four hours.
REPORT_TTL = datetime.timedelta(hours=4)
# account id -> (CSV content, naive UTC generation time); guarded by _reports_lock.
_reports = {}
_reports_lock = threading.Lock()


def shifted_utcnow():
    """Naive UTC now (as moto.core.utils.utcnow) plus this request's offset."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return now + datetime.timedelta(seconds=getattr(_local, "offset", 0.0))


def patch_moto():
    import moto
    import moto.iam.exceptions as iam_exceptions
    import moto.iam.models as iam_models
    import moto.iam.responses as iam_responses
    from moto.core.responses import ActionResult

    for module, name in (
        (iam_models, "utcnow"),
        (iam_responses.IamResponse, "get_credential_report"),
        (iam_responses.IamResponse, "generate_credential_report"),
        (iam_models.IAMBackend, "generate_report"),
        (iam_models.IAMBackend, "get_credential_report"),
        (iam_exceptions, "ReportNotPresentException"),
        (iam_models.AccountSummary, "__init__"),
    ):
        if not hasattr(module, name):
            raise SystemExit(
                f"moto {moto.__version__}: {module.__name__}.{name} is gone; "
                "internal/acctest/moto_wrapper.py patches moto 5.2 internals"
            )
    iam_models.utcnow = shifted_utcnow

    class ReportExpired(iam_exceptions.IAMException):
        code = "ReportExpired"

    def generate_credential_report(self):
        now = shifted_utcnow()
        with _reports_lock:
            snapshot = _reports.get(self.backend.account_id)
            if snapshot is not None and now - snapshot[1] <= REPORT_TTL:
                return ActionResult({"State": "COMPLETE"})
            take_report_snapshot(self.backend, now)
        result = {"State": "STARTED"}
        if snapshot is None:
            # AWS's documented description when there was no report.
            result["Description"] = "No report exists. Starting a new report generation task"
        return ActionResult(result)

    def get_credential_report(self):
        now = shifted_utcnow()
        with _reports_lock:
            snapshot = _reports.get(self.backend.account_id)
        if snapshot is None:
            raise iam_exceptions.ReportNotPresentException("Credential report not present")
        content, generated = snapshot
        if now - generated > REPORT_TTL:
            raise ReportExpired("Credential report has expired")
        return ActionResult(
            {"Content": content, "ReportFormat": "text/csv", "GeneratedTime": generated}
        )

    iam_responses.IamResponse.generate_credential_report = generate_credential_report
    iam_responses.IamResponse.get_credential_report = get_credential_report
    iam_models.ManagedPolicy.permissions_boundary_usage_count = property(
        lambda policy: sum(
            1
            for role in policy.backend.roles.values()
            if role.permissions_boundary_arn == policy.arn
        )
    )
    patch_root_access()
    patch_delegated_administrators()


# Centralized root access state: organization id -> enabled features; root
# session access key id -> target account; account id -> root password
# creation time. Guarded by _root_lock.
_org_features = {}
_root_sessions = {}
_root_passwords = {}
_root_lock = threading.Lock()

ROOT_FEATURES = ("RootCredentialsManagement", "RootSessions")
ROOT_TASK_POLICIES = (
    "IAMAuditRootUserCredentials",
    "IAMCreateRootUserPassword",
    "IAMDeleteRootUserCredentials",
    "S3UnlockBucketPolicy",
    "SQSUnlockQueuePolicy",
)


def service_error(code, message):
    """An AWS error of the requested service (the class lives outside moto's
    packages, so moto serializes it with the request's service model)."""
    from moto.core.exceptions import ServiceException

    class WrapperError(ServiceException):
        pass

    error = WrapperError(code, message)
    error.code = code
    return error


def organization_of(account):
    """(management account, FakeOrganization) of account's organization, or (None, None)."""
    from moto.organizations.models import organizations_backends

    if account in organizations_backends.master_accounts:
        management, partition = organizations_backends.master_accounts[account]
        return management, organizations_backends[management][partition].org
    backend = organizations_backends[account]["aws"]
    if backend.org is not None:
        return account, backend.org
    return None, None


def management_backend(account):
    from moto.organizations.models import organizations_backends

    management, _ = organization_of(account)
    return None if management is None else organizations_backends[management]["aws"]


def is_iam_delegated_administrator(account):
    backend = management_backend(account)
    return backend is not None and any(
        admin.account.id == account and "iam.amazonaws.com" in admin.services
        for admin in backend.admins
    )


def centralized_root_org(account, management_only=False):
    """The organization account may manage root access for, or an error, as IAM checks it."""
    management, org = organization_of(account)
    if org is None:
        raise service_error(
            "OrganizationNotFoundException", "No organization is associated with your account."
        )
    allowed = account == management or (
        not management_only and is_iam_delegated_administrator(account)
    )
    if not allowed:
        raise service_error(
            "AccountNotManagementOrDelegatedAdministratorException",
            "The account making the request is not the management account or delegated administrator account.",
        )
    if org.feature_set != "ALL":
        raise service_error(
            "OrganizationNotInAllFeaturesModeException",
            "Your organization does not have All features enabled.",
        )
    services = management_backend(account).services
    if not any(s["ServicePrincipal"] == "iam.amazonaws.com" for s in services):
        raise service_error(
            "ServiceAccessNotEnabledException",
            "Trusted access is not enabled for IAM in Organizations.",
        )
    return org


def patch_root_access():
    """IAM ListOrganizationsFeatures and friends, STS AssumeRoot, root GetLoginProfile."""
    import moto.iam.responses as iam_responses
    import moto.sts.responses as sts_responses
    from moto.core.responses import ActionResult
    from moto.iam.exceptions import NotFoundException
    from moto.organizations.models import FakeDelegatedAdministrator, FakeServiceAccess

    for cls in (FakeServiceAccess.TRUSTED_SERVICES, FakeDelegatedAdministrator.SUPPORTED_SERVICES):
        if "iam.amazonaws.com" not in cls:
            cls.append("iam.amazonaws.com")

    def list_organizations_features(self):
        org = centralized_root_org(self.current_account)
        with _root_lock:
            enabled = sorted(_org_features.get(org.id, set()))
        return ActionResult({"OrganizationId": org.id, "EnabledFeatures": enabled})

    def feature_switch(feature, on):
        def handler(self):
            org = centralized_root_org(self.current_account, management_only=True)
            with _root_lock:
                features = _org_features.setdefault(org.id, set())
                if on:
                    features.add(feature)
                else:
                    features.discard(feature)
            return ActionResult({"OrganizationId": org.id, "EnabledFeatures": sorted(features)})

        return handler

    def assume_root(self):
        caller = self.current_account
        target = self._get_param("TargetPrincipal") or ""
        target = target.split(":")[4] if target.startswith("arn:") else target
        descriptor = self._get_param("TaskPolicyArn") or {}
        task_policy = descriptor.get("Arn") or descriptor.get("arn") or ""
        duration = int(self._get_param("DurationSeconds") or 900)
        if not task_policy.endswith(tuple("/root-task/" + p for p in ROOT_TASK_POLICIES)):
            raise service_error("ValidationError", f"TaskPolicyArn {task_policy!r} is not a root task policy")
        if duration > 900:
            raise service_error("ValidationError", "DurationSeconds must be at most 900")
        try:
            org = centralized_root_org(caller)
        except Exception:
            raise service_error("AccessDenied", f"Account {caller} may not call AssumeRoot")
        management, target_org = organization_of(target)
        with _root_lock:
            enabled = "RootCredentialsManagement" in _org_features.get(org.id, set())
        if target_org is None or target_org.id != org.id or target == management or not enabled:
            raise service_error(
                "AccessDenied",
                f"Account {target} is not a member account under centralized root access of {org.id}",
            )
        role = self.backend.assume_role(
            region_name=self.region,
            role_session_name="AssumeRoot",
            role_arn=f"arn:aws:iam::{target}:root",
            policy=None,
            duration=duration,
            external_id=None,
        )
        with _root_lock:
            _root_sessions[role.access_key_id] = target
        return ActionResult(
            {
                "Credentials": {
                    "AccessKeyId": role.access_key_id,
                    "SecretAccessKey": role.secret_access_key,
                    "SessionToken": role.session_token,
                    "Expiration": role.expiration,
                },
                "SourceIdentity": "",
            }
        )

    original_get_login_profile = iam_responses.IamResponse.get_login_profile

    def get_login_profile(self):
        if self._get_param("UserName"):
            return original_get_login_profile(self)
        with _root_lock:
            account = _root_sessions.get(self.get_access_key())
            created = _root_passwords.get(account) if account else None
        if account is None:
            raise service_error(
                "ValidationError", "UserName is required outside a root session (AssumeRoot)"
            )
        if created is None:
            raise NotFoundException(f"Login profile for the root user of {account} not found")
        return ActionResult({"LoginProfile": {"UserName": "", "CreateDate": created, "PasswordResetRequired": False}})

    iam_responses.IamResponse.list_organizations_features = list_organizations_features
    for feature in ROOT_FEATURES:
        setattr(iam_responses.IamResponse, f"enable_organizations_{camel_to_snake(feature)}", feature_switch(feature, True))
        setattr(iam_responses.IamResponse, f"disable_organizations_{camel_to_snake(feature)}", feature_switch(feature, False))
    iam_responses.IamResponse.get_login_profile = get_login_profile
    sts_responses.TokenResponse.assume_root = assume_root


def camel_to_snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def patch_delegated_administrators():
    """ListDelegatedAdministrators for member accounts, as AWS answers them."""
    import json

    import moto.organizations.responses as org_responses

    original = org_responses.OrganizationsResponse.list_delegated_administrators

    def list_delegated_administrators(self):
        account = self.current_account
        management, org = organization_of(account)
        if org is None or account == management:
            return original(self)
        backend = management_backend(account)
        if not any(admin.account.id == account for admin in backend.admins):
            raise service_error(
                "AccessDeniedException", "You don't have permissions to access this resource."
            )
        return json.dumps(backend.list_delegated_administrators(**self.request_params))

    org_responses.OrganizationsResponse.list_delegated_administrators = list_delegated_administrators


def take_report_snapshot(backend, now):
    """Snapshots the account's credential report at now; _reports_lock is held."""
    backend.generate_report()
    _reports[backend.account_id] = (backend.get_credential_report(), now)


def iam_backend(account):
    from moto.iam.models import iam_backends

    return iam_backends[account]["aws"]


class RootUser:
    """Stands in for a User on a virtual MFA device assigned to the root user."""

    def __init__(self, account):
        self.arn = f"arn:aws:iam::{account}:root"
        self.user_id = account
        self.id = account
        self.name = None  # AWS omits UserName for the root user
        self.path = "/"
        self.create_date = shifted_utcnow()
        self.password_last_used = None


ROOT_DEVICE = "root-account-mfa-device"


def set_root(backend, form):
    """mfa=none|virtual|hardware, access_keys=true|false, signing_certificates=true|false,
    password=true|false (the root password, read in a root session)."""
    from moto.iam.models import VirtualMfaDevice

    summary = backend.account_summary
    serial = f"arn:aws:iam::{backend.account_id}:mfa/{ROOT_DEVICE}"
    mfa = form.get("mfa")
    if mfa is not None:
        if mfa not in ("none", "virtual", "hardware"):
            raise ValueError(f"mfa must be none, virtual or hardware, not {mfa!r}")
        summary._account_mfa_enabled = 0 if mfa == "none" else 1
        backend.virtual_mfa_devices.pop(serial, None)
        if mfa == "virtual":
            device = VirtualMfaDevice(backend.account_id, "us-east-1", "/" + ROOT_DEVICE)
            device.enable_date = shifted_utcnow()
            device.user = RootUser(backend.account_id)
            backend.virtual_mfa_devices[device.serial_number] = device
    for key, attr in (
        ("access_keys", "_account_access_keys_present"),
        ("signing_certificates", "_account_signing_certificates_present"),
    ):
        if key in form:
            setattr(summary, attr, 1 if form[key] == "true" else 0)
    if "password" in form:
        with _root_lock:
            if form["password"] == "true":
                _root_passwords[backend.account_id] = shifted_utcnow()
            else:
                _root_passwords.pop(backend.account_id, None)


def set_password_last_used(backend, form):
    """user=NAME, at=RFC 3339 UTC time ("" clears)."""
    user = backend.get_user(form["user"])
    at = form.get("at", "")
    if at:
        parsed = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
        user.password_last_used = parsed.astimezone(datetime.timezone.utc).replace(
            tzinfo=None
        )
    else:
        user.password_last_used = None


def regenerate_credential_report(backend, form):
    """Takes the account's report snapshot now (no arguments)."""
    with _reports_lock:
        take_report_snapshot(backend, shifted_utcnow())


CONTROL = {
    "/_iamaudit/root": set_root,
    "/_iamaudit/password-last-used": set_password_last_used,
    "/_iamaudit/credential-report/regenerate": regenerate_credential_report,
}


def handle_control(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/_iamaudit/ready":
        return respond(start_response, "200 OK", {"ready": True})
    handler = CONTROL.get(path)
    if handler is None:
        return respond(start_response, "404 Not Found", {"error": f"no {path}"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length).decode() if length else ""
    form = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
    try:
        handler(iam_backend(form.pop("account", "123456789012")), form)
    except Exception as exc:  # reported to the Go side verbatim
        return respond(start_response, "400 Bad Request", {"error": repr(exc)})
    return respond(start_response, "200 OK", {"ok": True})


def respond(start_response, status, payload):
    body = json.dumps(payload).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class Clocked:
    """WSGI middleware: control endpoints, and the per-request clock offset."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        _local.offset = float(environ.get(OFFSET_HEADER) or 0)
        if environ.get("PATH_INFO", "").startswith("/_iamaudit/"):
            try:
                return handle_control(environ, start_response)
            finally:
                _local.offset = 0.0
        captured = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers, exc_info]
            return lambda data: None  # moto's Flask app never uses write()

        try:
            # Materialise the body while the offset is set.
            body = b"".join(self.app(environ, capture))
        finally:
            _local.offset = 0.0
        status, headers, exc_info = captured
        body, headers = fix_query_error(body, headers)
        start_response(status, headers, exc_info)
        return [body]


def fix_query_error(body, headers):
    """Rewrite moto's auth errors into the AWS query protocol's error shape.

    moto's access control (INITIAL_NO_AUTH_ACTION_COUNT) and signature checks
    answer IAM and STS calls with <ErrorResponse><Errors><Error>..., the EC2
    shape; AWS (and the Go SDK's query deserializer) use
    <ErrorResponse><Error>..., so the Go SDK would report "UnknownError"
    instead of AccessDenied / InvalidClientTokenId / SignatureDoesNotMatch.
    """
    if b"<ErrorResponse><Errors><Error>" not in body:
        return body, headers
    body = body.replace(b"<Errors><Error>", b"<Error>", 1)
    body = body.replace(b"</Error></Errors>", b"</Error>", 1)
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    return body, headers


def exit_with_parent():
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def main():
    port = int(sys.argv[1])
    os.environ.setdefault("MOTO_PORT", str(port))
    patch_moto()

    from werkzeug.serving import run_simple

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        create_backend_app,
    )

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=exit_with_parent, daemon=True).start()
    app = DomainDispatcherApplication(create_backend_app)
    app.debug = True
    run_simple("127.0.0.1", port, Clocked(app), threaded=True)


if __name__ == "__main__":
    main()
