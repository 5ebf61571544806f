import { Injectable, type ArgumentMetadata } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';

/**
 * nestjs-zod's validation, with one rule of its own: a request without a body (none sent, or an empty one
 * with `Content-Type: application/json`) is validated as `{}`. A route whose body has only optional fields
 * (POST /metrics/reset, …) then works without one, as clients such as curl and the Swagger UI send it; a
 * route that needs fields answers 400 naming each missing one rather than "expected object".
 */
@Injectable()
export class BodyValidationPipe extends ZodValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
  }
}
