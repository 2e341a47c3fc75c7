// Where the login setup leaves the admin's browser session and API token for the other browser tests.
export const ADMIN_PASSWORD = "e2e-admin-password";
export const ADMIN_STATE = ".tmp/e2e/admin-state.json";
export const ADMIN_TOKEN_FILE = ".tmp/e2e/admin-token";
