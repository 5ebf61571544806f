import {
  TaskListQuerySchema,
  TaskListSchema,
  TaskReadSchema,
  WaitQuerySchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

export class TaskDto extends createZodDto(TaskReadSchema) {}
export class WaitQueryDto extends createZodDto(WaitQuerySchema) {}
export class TaskListQueryDto extends createZodDto(TaskListQuerySchema) {}
export class TaskListDto extends createZodDto(TaskListSchema) {}
