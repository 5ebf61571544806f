// AWS's signer, loaded on first use: gateways without SigV4 agents never pay for @smithy and @aws-crypto.
let signerLibraries:
  Promise<[typeof import('@smithy/signature-v4'), typeof import('@aws-crypto/sha256-js')]> | undefined;

/** The `aws-sigv4` credentials of an agent (see auth-types.ts). */
export interface AwsSigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

/** A request as it is about to go on the wire. */
export interface RequestToSign {
  method: string;
  url: URL;
  /** Header names in lower case (as `Headers` gives them). */
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html) by
 * AWS's own signer: method, path (each segment encoded once more, as every service but S3 expects),
 * sorted query, the headers set so far plus `host` and `x-amz-date`, and the SHA-256 of the body.
 * Returns the headers to send: the given ones plus `host`, `x-amz-date`, `x-amz-security-token` (with
 * temporary credentials) and `authorization`.
 */
export async function signAwsSigV4(
  credentials: AwsSigV4Credentials,
  request: RequestToSign,
  signingDate = new Date(),
): Promise<Record<string, string>> {
  const { url } = request;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const [{ SignatureV4 }, { Sha256 }] = await (signerLibraries ??= Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
  ]));
  const signer = new SignatureV4({
    service: credentials.service,
    region: credentials.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    sha256: Sha256,
    // No x-amz-content-sha256 header: only S3 asks for it; the payload hash is signed either way.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      // Strings and bytes are hashed; a body of any other kind is signed as UNSIGNED-PAYLOAD.
      body: request.body,
    },
    { signingDate },
  );
  return signed.headers;
}
