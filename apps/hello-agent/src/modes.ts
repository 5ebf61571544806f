/**
 * Failure modes of the Hello World agent, chosen by the text of the user's message (all text parts
 * joined, then trimmed). Anything that is not exactly one of these stays the normal hello reply.
 *
 * Two layers implement them:
 * - HTTP modes (`error:<status>`, `garbage`, `hang`) are answered by an express middleware before
 *   the A2A SDK sees the request (see `http-modes.ts`);
 * - task modes (`slow:<ms>`, `fail`, `input-required`, `long`, `stream:<n>`) are played by the
 *   executor through the SDK (see `script.ts`).
 */
export type Mode =
  | { kind: 'hello' }
  | { kind: 'slow'; ms: number }
  | { kind: 'fail' }
  | { kind: 'error'; status: number }
  | { kind: 'garbage' }
  | { kind: 'hang' }
  | { kind: 'input-required' }
  | { kind: 'long' }
  | { kind: 'stream'; chunks: number };

export type HttpMode = Extract<Mode, { kind: 'error' | 'garbage' | 'hang' }>;

/** Upper bound for `slow:<ms>`; larger values are clamped. */
export const SLOW_MAX_MS = 120_000;
/** Bounds for `stream:<n>`; values outside are clamped. */
export const STREAM_MIN_CHUNKS = 1;
export const STREAM_MAX_CHUNKS = 1000;

const HELLO: Mode = { kind: 'hello' };

/** Parses the (already joined) message text into a mode; surrounding whitespace is ignored. */
export function parseMode(text: string): Mode {
  const t = text.trim();
  switch (t) {
    case 'fail':
      return { kind: 'fail' };
    case 'garbage':
      return { kind: 'garbage' };
    case 'hang':
      return { kind: 'hang' };
    case 'input-required':
      return { kind: 'input-required' };
    case 'long':
      return { kind: 'long' };
  }
  const match = /^(slow|error|stream):(\d{1,9})$/.exec(t);
  if (!match) return HELLO;
  const value = Number(match[2]);
  switch (match[1]) {
    case 'slow':
      return { kind: 'slow', ms: Math.min(value, SLOW_MAX_MS) };
    case 'stream':
      return { kind: 'stream', chunks: clamp(value, STREAM_MIN_CHUNKS, STREAM_MAX_CHUNKS) };
    default:
      // Only real error statuses; `error:200` or `error:99` are ordinary text.
      return value >= 400 && value <= 599 ? { kind: 'error', status: value } : HELLO;
  }
}

export function isHttpMode(mode: Mode): mode is HttpMode {
  return mode.kind === 'error' || mode.kind === 'garbage' || mode.kind === 'hang';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
