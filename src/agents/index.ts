/** Accounts, roles and sessions of the people who answer citizens. */
export { AccountStore, ROLES, type Account, type AgentSession, type Role } from './accounts.js';
export { hashPassword, verifyPassword } from './passwords.js';
