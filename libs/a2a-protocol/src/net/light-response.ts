/**
 * What the protocol clients read of a fetch `Response` besides its body: the status and the headers. The
 * gateway hands them objects of this shape rather than undici's `Response`, whose construction (web stream,
 * header copies, body checks) cost more per call than the gateway's own work; see the two kinds below it.
 */
export abstract class LightResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  private used = false;

  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly url = '',
    readonly statusText = '',
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** The body is read once, as with a real Response. */
  protected markUsed(): void {
    if (this.used) throw new TypeError('Body has already been consumed.');
    this.used = true;
  }

  /** Seen as a Response by the code that reads it. */
  asResponse(): Response {
    return this as unknown as Response;
  }
}
