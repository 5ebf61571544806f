import type { DataSource, EntityManager } from 'typeorm';

/**
 * Writes that commit together or not at all: every query of the work runs on `manager` (the transaction's
 * own connection — the embedded database has one session, where a second connection would wait for this
 * transaction forever), and what must be announced once they are committed (change events for caches, MCP
 * sessions and other replicas) is queued with `afterCommit`, so nothing hears of a write that was rolled back.
 */
export class UnitOfWork {
  private readonly announcements: (() => void)[] = [];

  private constructor(readonly manager: EntityManager) {}

  /** Run after the commit, in the order queued; dropped on rollback. */
  afterCommit(announce: () => void): void {
    this.announcements.push(announce);
  }

  /** Run `work` in one transaction; its announcements follow the commit. */
  static async run<T>(db: DataSource, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const uows: UnitOfWork[] = [];
    const result = await db.transaction((manager) => {
      const uow = new UnitOfWork(manager);
      uows.push(uow);
      return work(uow);
    });
    for (const uow of uows) for (const announce of uow.announcements) announce();
    return result;
  }
}
