export { auditBooks, formatAudit, type AuditReport, type CheckResult } from './audit-books.js';
export { BOOK_CHECKS, type BookCheck } from './book-checks.js';
