import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentsModule } from '../agents/agents.module';
import { AgentEntity } from '../agents/entities/agent.entity';
import { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import { ServersModule } from '../servers/servers.module';
import { CatalogFileController } from './catalog-file.controller';
import { CatalogFileExporter } from './catalog-file.exporter';
import { CatalogFileService } from './catalog-file.service';
import { CatalogFileEntryEntity } from './entities/catalog-file-entry.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([AgentEntity, VirtualServerEntity, ServerAgentEntity, CatalogFileEntryEntity]),
    AgentsModule,
    ServersModule,
  ],
  controllers: [CatalogFileController],
  providers: [CatalogFileService, CatalogFileExporter],
})
export class CatalogFileModule {}
