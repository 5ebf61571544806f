import {
  AgentCreateSchema,
  AgentHealthHistoryQuerySchema,
  AgentHealthHistorySchema,
  AgentListQuerySchema,
  AgentPageSchema,
  AgentReadSchema,
  AgentUpdateSchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

// Thin Nest wrappers over the one set of schemas in libs/api-contract.
export class AgentCreateDto extends createZodDto(AgentCreateSchema) {}
export class AgentUpdateDto extends createZodDto(AgentUpdateSchema) {}
export class AgentReadDto extends createZodDto(AgentReadSchema) {}
export class AgentPageDto extends createZodDto(AgentPageSchema) {}
export class AgentListQueryDto extends createZodDto(AgentListQuerySchema) {}
export class AgentHealthHistoryQueryDto extends createZodDto(AgentHealthHistoryQuerySchema) {}
export class AgentHealthHistoryDto extends createZodDto(AgentHealthHistorySchema) {}
