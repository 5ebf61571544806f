import { Readable } from 'node:stream';
import { LightResponse } from './light-response';

/**
 * A fetch `Response` for an answer that stays a stream (SSE). undici's `Response` copies the headers and
 * inspects the body on construction, which cost as much per streamed call as the gateway's own bookkeeping;
 * the protocol clients only read `status`/`ok`/`headers` and `body` (and `text()`/`json()` when the answer
 * is an error), so this is all of it. `body` is the answer's stream as a web ReadableStream, made on first use.
 */
export class StreamedResponse extends LightResponse {
  private stream?: ReadableStream<Uint8Array>;

  constructor(
    private readonly source: Readable,
    status: number,
    headers: Headers,
    url = '',
    statusText = '',
  ) {
    super(status, headers, url, statusText);
  }

  get body(): ReadableStream<Uint8Array> {
    return (this.stream ??= Readable.toWeb(this.source) as ReadableStream<Uint8Array>);
  }

  /** The rest of the stream, read through a real Response (only error paths read a stream whole). */
  private consume(): Response {
    this.markUsed();
    return new Response(this.body);
  }

  text(): Promise<string> {
    return this.consume().text();
  }

  json(): Promise<unknown> {
    return this.consume().json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.consume().arrayBuffer();
  }

  clone(): Response {
    const [mine, theirs] = this.body.tee();
    this.stream = mine;
    return new Response(theirs, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}
