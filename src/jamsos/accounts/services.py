"""Participant accounts: the one place the portal and the API call for every account rule.

Each function is keyword-only, takes the channel ("portal" or "api") and the request
(for the audit row and the client limit), and either returns a dataclass or a model
instance, or raises `JamsosError` with a stable code. The rules themselves live in the
modules imported here; see their docstrings.

Flows, in the order a person meets them:
  sign-up      signup_start -> signup_complete        (or signup_resume after a step-up)
  log-in       login_with_password [-> login_complete] ; session_is_current on each request
  reset        reset_start -> reset_complete
  settings     password_change, second_factor_set
  contacts     contact_change_start -> contact_change_verify_old -> contact_change_confirm_new
               (or contact_change_request_stepup)
  back office  stepup_approve, stepup_reject
  reading      participant_profile, participant_balance, participant_contributions,
               participant_access_log, participant_data_export
"""

from jamsos.accounts.codes import CodeChallenge
from jamsos.accounts.contacts import (
    contact_change_confirm_new,
    contact_change_request_stepup,
    contact_change_start,
    contact_change_verify_old,
)
from jamsos.accounts.login import (
    LoginResult,
    login_complete,
    login_resend_code,
    login_with_password,
    session_is_current,
)
from jamsos.accounts.recovery import (
    password_change,
    reset_complete,
    reset_start,
    second_factor_set,
)
from jamsos.accounts.selfservice import (
    AccessLogEntry,
    AccessLogPage,
    Balance,
    Contributions,
    Profile,
    participant_access_log,
    participant_balance,
    participant_contributions,
    participant_data_export,
    participant_profile,
)
from jamsos.accounts.signup import signup_complete, signup_resume, signup_start
from jamsos.accounts.stepup import stepup_approve, stepup_reject

__all__ = [
    "AccessLogEntry",
    "AccessLogPage",
    "Balance",
    "CodeChallenge",
    "Contributions",
    "LoginResult",
    "Profile",
    "contact_change_confirm_new",
    "contact_change_request_stepup",
    "contact_change_start",
    "contact_change_verify_old",
    "login_complete",
    "login_resend_code",
    "login_with_password",
    "participant_access_log",
    "participant_balance",
    "participant_contributions",
    "participant_data_export",
    "participant_profile",
    "password_change",
    "reset_complete",
    "reset_start",
    "second_factor_set",
    "session_is_current",
    "signup_complete",
    "signup_resume",
    "signup_start",
    "stepup_approve",
    "stepup_reject",
]
