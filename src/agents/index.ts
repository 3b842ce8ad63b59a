/** Accounts, roles and sessions of the people who answer citizens. */
export { AccountStore, ROLES, SKILL, normaliseProfile, type Account, type AgentProfile, type AgentSession, type Role } from './accounts.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { AuditLog, type AuditAction, type AuditEntry } from './audit.js';
export { LoginGuard, LOGIN_BUDGETS } from './login-guard.js';
export { can, permissionsOf, type Permission } from './roles.js';
