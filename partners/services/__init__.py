"""Writes for partners, members, customers and users' own settings; the audit trail every app
writes to is ``core.audit``. Customers: ``partners.services.customers`` (one at a time or many at
once, the same rules, ``partners.rules``); the rest: ``partners.services.accounts``."""

from partners.rules import CUSTOMER_FIELDS, RowsRefused
from partners.services.accounts import (
    PARTNER_FIELDS,
    RECOVERY_CODE_COUNT,
    WORKING_HOURS_FIELDS,
    api_token_create,
    api_token_revoke,
    api_tokens_revoke_all,
    member_add,
    mfa_recovery_codes_regenerate,
    mfa_totp_enrol,
    mfa_totp_secret,
    partner_create,
    partner_delete,
    partner_update,
    partner_working_hours_update,
    profile_set_language,
)
from partners.services.customers import (
    customer_contact_add,
    customer_contact_remove,
    customer_create,
    customer_update,
    customers_upsert_many,
)

__all__ = [
    "CUSTOMER_FIELDS",
    "PARTNER_FIELDS",
    "RECOVERY_CODE_COUNT",
    "WORKING_HOURS_FIELDS",
    "RowsRefused",
    "api_token_create",
    "api_token_revoke",
    "api_tokens_revoke_all",
    "customer_contact_add",
    "customer_contact_remove",
    "customer_create",
    "customer_update",
    "customers_upsert_many",
    "member_add",
    "mfa_recovery_codes_regenerate",
    "mfa_totp_enrol",
    "mfa_totp_secret",
    "partner_create",
    "partner_delete",
    "partner_update",
    "partner_working_hours_update",
    "profile_set_language",
]
