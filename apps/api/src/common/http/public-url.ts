import type { FastifyRequest } from 'fastify';

/** The gateway's own origin for links it hands out: PUBLIC_URL when set, else the request's. */
export function publicBaseUrl(request: FastifyRequest, publicUrl: string | null): string {
  return publicUrl ?? `${request.protocol}://${request.headers.host}`;
}
