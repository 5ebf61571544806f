import { applyDecorators, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { AGENT_NAME_MAX } from '@switchboard/api-contract';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

const PARAM = 'id';

/** No id, name or slug is longer than a name may be: a longer reference is a 400, never a lookup. */
class AgentRefPipe implements PipeTransform<string, string> {
  transform(ref: string): string {
    if (ref.length <= AGENT_NAME_MAX) return ref;
    throw new ZodValidationException(
      new z.ZodError([
        {
          code: 'custom',
          path: [PARAM],
          message: `an agent id, name or slug has at most ${AGENT_NAME_MAX} characters`,
          input: undefined,
        },
      ]),
    );
  }
}

/**
 * The agent a path names (`:id`): its id, its name or its slug, resolved by `AgentsService` (UUID → id,
 * else name, else slug; 404 naming the reference when none matches).
 */
export const AgentRefParam = () => Param(PARAM, new AgentRefPipe());

/** Documents the `:id` path parameter of an agent route. */
export const ApiAgentRef = () =>
  applyDecorators(
    ApiParam({
      name: PARAM,
      description: 'The agent’s id, name (URL-encoded) or slug.',
      example: 'hello-world-agent',
    }),
  );
