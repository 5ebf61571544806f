import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AuthModule } from '../auth/auth.module';
import { ServersModule } from '../servers/servers.module';
import { CatalogRelay } from './catalog-relay';

@Module({ imports: [AgentsModule, ServersModule, AuthModule], providers: [CatalogRelay] })
export class CatalogRelayModule {}
