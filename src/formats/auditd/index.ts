/** The auditd reader's public surface; reader.ts describes the formats it reads. */

export { AUDITD_CODES, type AuditdCode } from './codes.js';
export type { AuditEvent, AuditId, AuditPath, AuditSockaddr, AuditSyscall } from './model.js';
export { hostFromFileName, readAuditd, type AuditdOptions } from './reader.js';
export { archCode, syscallNumber } from './syscalls.js';
export { formatIpv6 } from './sockaddr.js';
