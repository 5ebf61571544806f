import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ZodValidationException(
          new z.ZodError([{ code: 'custom', path: [name], message: 'must be a UUID', input: undefined }]),
        ),
    }),
  );
