import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';

/** Address ranges that reach the gateway's own host or private networks. */
const PRIVATE_RANGES = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_RANGES.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_RANGES.addSubnet(net, prefix, 'ipv6');
}

const LOCAL_HOSTNAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i;

export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  const mapped = family === 6 && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return PRIVATE_RANGES.check(mapped[1], 'ipv4');
  return PRIVATE_RANGES.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The one SSRF policy for every outbound call (agent endpoints, card URLs, OAuth token URLs): http(s)
 * only, no credentials in URLs, and — unless `allowPrivate` — no loopback, link-local or private
 * targets, checked on the URL as written and again on every address DNS returns at connect time (so a
 * public name that resolves to 127.0.0.1 is refused too).
 */
export class OutboundPolicy {
  constructor(readonly allowPrivate: boolean) {}

  assertAllowed(raw: string, field = 'url'): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw this.reject(field, 'is not a valid URL');
    }
    return this.assertAllowedUrl(url, field);
  }

  /** The same check for a URL already parsed (every outbound request, every redirect hop). */
  assertAllowedUrl(url: URL, field = 'url'): URL {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw this.reject(field, 'must use http or https');
    if (url.username || url.password)
      throw this.reject(field, 'must not embed credentials; use authType instead');
    if (!this.allowPrivate) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isPrivateAddress(host) || LOCAL_HOSTNAMES.test(host)) {
        throw this.reject(
          field,
          `points to a private or loopback address (${host}); set OUTBOUND_ALLOW_PRIVATE=true to allow it`,
        );
      }
    }
    return url;
  }

  /** A `lookup` for net.connect that refuses private answers when they are not allowed. */
  readonly lookup = (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!this.allowPrivate) {
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad) {
          const refused = Object.assign(
            new Error(`${hostname} resolves to a private address (${bad.address})`),
            {
              code: 'EOUTBOUNDPRIVATE',
            },
          );
          return callback(refused, []);
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };

  private reject(field: string, why: string) {
    return new A2AError(A2AErrorCode.OutboundUrlNotAllowed, `${field} ${why}`, { field });
  }
}
