import { Global, Injectable, Logger, Module } from '@nestjs/common';
import type { DependencyErrorCode } from './dependency.exception';

const NAMES: Record<DependencyErrorCode, string> = {
  DATABASE_UNAVAILABLE: 'The database',
  REDIS_UNAVAILABLE: 'Redis',
};

interface Streak {
  since: number;
  failures: number;
}

/**
 * One log line when a dependency goes away and one when it is back, whatever the number of requests it
 * failed in between (a line — let alone a stack — per request would flood the logs exactly when they matter).
 */
@Injectable()
export class OutageLog {
  private readonly logger = new Logger('Outage');
  private readonly streaks = new Map<DependencyErrorCode, Streak>();

  /** Something needed `code`'s dependency and failed for it; the first failure of a streak is logged. */
  failed(code: DependencyErrorCode, cause: unknown): void {
    const streak = this.streaks.get(code);
    if (streak) {
      streak.failures++;
      return;
    }
    this.streaks.set(code, { since: Date.now(), failures: 1 });
    const err = cause instanceof Error ? cause : new Error(String(cause));
    this.logger.warn(
      { event: 'dependency_down', code, err: { name: err.name, message: err.message } },
      `${NAMES[code]} cannot be reached: requests that need it answer 503 ${code} until it returns; calls to agents go on from memory`,
    );
  }

  /** The dependency answered again: the end of its streak, if there was one. */
  recovered(code: DependencyErrorCode): void {
    const streak = this.streaks.get(code);
    if (!streak) return;
    this.streaks.delete(code);
    const seconds = ((Date.now() - streak.since) / 1000).toFixed(1);
    this.logger.log(
      { event: 'dependency_up', code, downForSeconds: Number(seconds), failures: streak.failures },
      `${NAMES[code]} is reachable again after ${seconds} s (${streak.failures} failure(s) meanwhile)`,
    );
  }

  /** The dependency is in a streak of failures now. */
  isDown(code: DependencyErrorCode): boolean {
    return this.streaks.has(code);
  }
}

/** OutageLog for every module: the error filter, the doors, readiness and the database watch share one. */
@Global()
@Module({ providers: [OutageLog], exports: [OutageLog] })
export class OutageModule {}
