import { LightResponse } from './light-response';

/**
 * A fetch `Response` for a body already read into memory. A real `Response` wraps even a Buffer in a web
 * ReadableStream, which cost more per call than the gateway's own work; the protocol clients only read
 * `status`/`ok`/`headers` and `text()`/`json()`. `body` is still there, made on first use.
 */
export class BufferedResponse extends LightResponse {
  private stream?: ReadableStream<Uint8Array> | null;

  constructor(
    private readonly bytes: Buffer | null,
    status: number,
    headers: Headers,
    url = '',
    statusText = '',
  ) {
    super(status, headers, url, statusText);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === undefined) {
      const bytes = this.bytes;
      this.stream = bytes
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array(bytes));
              controller.close();
            },
          })
        : null;
    }
    return this.stream;
  }

  private consume(): Buffer {
    this.markUsed();
    return this.bytes ?? Buffer.alloc(0);
  }

  async text(): Promise<string> {
    return this.consume().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.consume().toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    return new BufferedResponse(
      this.bytes,
      this.status,
      new Headers(this.headers),
      this.url,
      this.statusText,
    );
  }
}
