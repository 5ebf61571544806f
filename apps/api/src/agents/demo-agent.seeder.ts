import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { a2aConfig, appConfig } from '../config';
import { AgentsService } from './agents.service';

const SEEDED_KEY = 'demo_agent_seeded';
export const DEMO_AGENT_NAME = 'hello_world_agent';

/**
 * On the very first start with an empty catalog, register the bundled Hello World agent so a newcomer
 * has something to look at. Done once: deleting it later does not bring it back. DEMO_AGENT=false skips it,
 * and so does a catalog file (AGENTS_FILE): the file says what the catalog holds.
 */
@Injectable()
export class DemoAgentSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoAgentSeeder.name);

  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(a2aConfig.KEY) private readonly a2a: ConfigType<typeof a2aConfig>,
    private readonly agents: AgentsService,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.app.demoAgent || this.a2a.agentsFile) return;
    const seeded = await this.db.query(`SELECT 1 FROM app_state WHERE key = $1`, [SEEDED_KEY]);
    if (seeded.length > 0 || (await this.agents.count()) > 0) return;
    try {
      await this.agents.create(
        {
          name: DEMO_AGENT_NAME,
          description: 'The bundled Hello World A2A agent (apps/hello-agent), registered as a demo.',
          endpointUrl: this.app.demoAgentUrl,
          provider: 'a2a',
          protocolVersion: '1.0',
          capabilities: { streaming: true },
          config: {},
          providerConfig: {},
          authType: 'none',
          tags: ['demo', 'hello-world'],
          enabled: true,
        },
        { actor: 'system', ip: null, userAgent: null, via: 'demo' },
      );
      this.logger.log(`Registered the demo agent "${DEMO_AGENT_NAME}" at ${this.app.demoAgentUrl}`);
    } catch (error) {
      this.logger.warn(`Demo agent not registered: ${(error as Error).message}`);
    }
    await this.db.query(
      `INSERT INTO app_state (key, value) VALUES ($1, 'true'::jsonb) ON CONFLICT (key) DO NOTHING`,
      [SEEDED_KEY],
    );
  }
}
