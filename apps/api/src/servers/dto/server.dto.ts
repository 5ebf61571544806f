import {
  ServerClientConfigSchema,
  ServerCreateSchema,
  ServerListQuerySchema,
  ServerPageSchema,
  ServerReadSchema,
  ServerToolsSchema,
  ServerUpdateSchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

// Thin Nest wrappers over the one set of schemas in libs/api-contract.
export class ServerCreateDto extends createZodDto(ServerCreateSchema) {}
export class ServerUpdateDto extends createZodDto(ServerUpdateSchema) {}
export class ServerReadDto extends createZodDto(ServerReadSchema) {}
export class ServerPageDto extends createZodDto(ServerPageSchema) {}
export class ServerListQueryDto extends createZodDto(ServerListQuerySchema) {}
export class ServerClientConfigDto extends createZodDto(ServerClientConfigSchema) {}
export class ServerToolsDto extends createZodDto(ServerToolsSchema) {}
