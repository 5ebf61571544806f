import {
  AgentCreateBodySchema,
  AgentHealthHistoryQuerySchema,
  AgentHealthHistorySchema,
  AgentListQuerySchema,
  AgentPageSchema,
  AgentReadSchema,
  AgentToggleBodySchema,
  AgentToggleQuerySchema,
  AgentUpdateBodySchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

// Thin Nest wrappers over the one set of schemas in libs/api-contract.
export class AgentCreateDto extends createZodDto(AgentCreateBodySchema) {}
export class AgentUpdateDto extends createZodDto(AgentUpdateBodySchema) {}
export class AgentReadDto extends createZodDto(AgentReadSchema) {}
export class AgentPageDto extends createZodDto(AgentPageSchema) {}
export class AgentListQueryDto extends createZodDto(AgentListQuerySchema) {}
export class AgentHealthHistoryQueryDto extends createZodDto(AgentHealthHistoryQuerySchema) {}
export class AgentHealthHistoryDto extends createZodDto(AgentHealthHistorySchema) {}
export class AgentToggleDto extends createZodDto(AgentToggleBodySchema) {}
export class AgentToggleQueryDto extends createZodDto(AgentToggleQuerySchema) {}
