import {
  ServerClientConfigSchema,
  ServerCreateBodySchema,
  ServerListQuerySchema,
  ServerPageSchema,
  ServerReadSchema,
  ServerToolsSchema,
  ServerUpdateBodySchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

// Thin Nest wrappers over the one set of schemas in libs/api-contract.
export class ServerCreateDto extends createZodDto(ServerCreateBodySchema) {}
export class ServerUpdateDto extends createZodDto(ServerUpdateBodySchema) {}
export class ServerReadDto extends createZodDto(ServerReadSchema) {}
export class ServerPageDto extends createZodDto(ServerPageSchema) {}
export class ServerListQueryDto extends createZodDto(ServerListQuerySchema) {}
export class ServerClientConfigDto extends createZodDto(ServerClientConfigSchema) {}
export class ServerToolsDto extends createZodDto(ServerToolsSchema) {}
