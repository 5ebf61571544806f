import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config';
import { typeormOptions } from './typeorm-options';

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
        return typeormOptions(db.url, db.poolSize);
      },
    }),
  ],
})
export class DatabaseModule {}
