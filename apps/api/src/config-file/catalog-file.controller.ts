import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ConfigApplyResultSchema, ConfigReloadQuerySchema } from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CurrentRequestMeta, type RequestMeta } from '../common/http/request-meta.decorator';
import { CatalogFileExporter } from './catalog-file.exporter';
import { CatalogFileService } from './catalog-file.service';

class ConfigReloadQueryDto extends createZodDto(ConfigReloadQuerySchema) {}
class ConfigApplyResultDto extends createZodDto(ConfigApplyResultSchema) {}

/** The catalog file (AGENTS_FILE): apply it again, or write the catalog in its format. */
@ApiTags('config')
@ApiBearerAuth()
@Controller('config')
export class CatalogFileController {
  constructor(
    private readonly catalogFile: CatalogFileService,
    private readonly exporter: CatalogFileExporter,
  ) {}

  @Post('reload')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply the catalog file again',
    description:
      'Admin only. Reads AGENTS_FILE (YAML), resolves its `${ENV_VAR}` references and checks the whole file ' +
      'against the same schemas as the REST API before anything is written; then creates the agents and ' +
      'servers it declares that the catalog lacks, updates those that differ from it, and deletes those it ' +
      'declared at its last apply and no longer declares (entries made through the API are never deleted). ' +
      'Entries are keyed by name. A refused file changes nothing: 422 `CONFIG_FILE_INVALID` lists every ' +
      'problem with its line and column (`details.problems`). The writes are one transaction: when one is ' +
      'refused part way (a name or slug taken meanwhile, a database constraint), nothing of the file is ' +
      'applied and 409 `CONFIG_FILE_NOT_APPLIED` names the entry (`details.entry`, `line`, `column`). ' +
      '409 also when AGENTS_FILE is not set or cannot be read. The same happens at start and on SIGHUP.',
  })
  @ZodResponse({ type: ConfigApplyResultDto })
  @ApiErrors(400, 401, 403, 409, 422, 503)
  reload(@Query() query: ConfigReloadQueryDto, @CurrentRequestMeta() meta: RequestMeta) {
    return this.catalogFile.apply({ ...meta, via: 'config' }, query.dryRun ?? false);
  }

  @Get('export')
  @ApiOperation({
    summary: 'The catalog as a catalog file',
    description:
      'Every agent and virtual server, in the AGENTS_FILE format (YAML), ordered by name, fields at their ' +
      'default left out. Secrets are never exported: an agent with credentials gets a comment naming the ' +
      'fields to set as `${ENV_VAR}` references; applied without them, the stored secret is kept. ' +
      'Export → AGENTS_FILE → reload gives the same catalog.',
  })
  @ApiProduces('application/yaml')
  @ApiOkResponse({
    description: 'The catalog file',
    content: {
      'application/yaml': {
        schema: { type: 'string' },
        example:
          'version: 1\nagents:\n  - name: hello_world_agent\n    endpointUrl: http://localhost:9999/\n' +
          '    tags: [demo, hello-world]\nservers:\n  - name: research\n    agents: [hello_world_agent]\n',
      },
    },
  })
  @ApiErrors(401, 503)
  async export(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', 'application/yaml; charset=utf-8');
    reply.header('content-disposition', 'inline; filename="switchboard.yaml"');
    return this.exporter.export();
  }
}
