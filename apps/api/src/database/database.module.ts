import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AdvisoryLock, withAdvisoryLock } from '../common/db/advisory-lock';
import { DependencyErrorCode } from '../common/errors/dependency.exception';
import { unavailableDependency } from '../common/errors/outage';
import { OutageLog } from '../common/errors/outage-log';
import { whereOf } from '../common/net/where';
import { databaseConfig } from '../config';
import { typeormOptions } from './typeorm-options';

const logger = new Logger('Database');

/**
 * Connect, retrying with backoff while the database cannot be reached (and saying why), then run the
 * migrations under an advisory lock so replicas that start together do not run them twice.
 */
async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const where = whereOf((options as { url?: string }).url, 'DATABASE_URL');
  for (let attempt = 1; ; attempt++) {
    const dataSource = new DataSource(options);
    try {
      await dataSource.initialize();
      if (attempt > 1) logger.log(`Connected to the database at ${where}`);
      await migrateLocked(dataSource);
      return dataSource;
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      if (unavailableDependency(error) !== DependencyErrorCode.DatabaseUnavailable || attempt >= 10)
        throw error;
      const delayMs = Math.min(15_000, 500 * 2 ** (attempt - 1));
      logger.warn(
        `The database at ${where} cannot be reached (${(error as Error).message || (error as { code?: string }).code}); ` +
          `retrying in ${delayMs / 1000} s (attempt ${attempt} of 10)`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function migrateLocked(dataSource: DataSource): Promise<void> {
  await withAdvisoryLock(dataSource, AdvisoryLock.migrations, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied ${applied.length} migration(s)`);
  });
}

/** A new pool connection is the database answering again: the end of an outage streak, if one was on. */
@Injectable()
class DatabaseWatch implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly outages: OutageLog,
  ) {}

  onApplicationBootstrap(): void {
    const pool = (this.db.driver as unknown as { master?: { on(event: 'connect', f: () => void): void } })
      .master;
    pool?.on('connect', () => this.outages.recovered(DependencyErrorCode.DatabaseUnavailable));
  }
}

/**
 * The TypeORM connection. `DATABASE_URL` is always set by the time Nest boots: either by the operator
 * (a real PostgreSQL) or by main.ts after it started the embedded one.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: ConfigType<typeof databaseConfig>) => {
        if (!db.url) throw new Error('DATABASE_URL is not set and no embedded database was started');
        // Connection retries are openDataSource's (with the reason logged), not the module's.
        return { ...typeormOptions(db.url, db), retryAttempts: 0 };
      },
      dataSourceFactory: (options) => openDataSource(options!),
    }),
  ],
  providers: [DatabaseWatch],
})
export class DatabaseModule {}
