import type { Logger } from 'drizzle-orm/logger'

/**
 * Counts every SQL statement sent through Drizzle. Tests and the benchmark read it to prove
 * that a request costs a constant number of statements, however long its lists are.
 */
export class StatementCounter implements Logger {
  total = 0

  logQuery(): void {
    this.total += 1
  }
}
