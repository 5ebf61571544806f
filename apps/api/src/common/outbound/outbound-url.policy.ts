import { BlockList, isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { securityConfig } from '../../config';
import { OutboundErrorCode, OutboundException } from './outbound.exception';

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

const LOCAL_HOSTNAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal|metadata\.google\.internal)$/i;

export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  const mapped = family === 6 && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return PRIVATE_RANGES.check(mapped[1], 'ipv4');
  return PRIVATE_RANGES.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The one SSRF policy for every outbound call the gateway makes (agent endpoints now; card fetches,
 * OAuth token URLs and health probes later). Only http(s); loopback, link-local and private targets only
 * when OUTBOUND_ALLOW_PRIVATE is on.
 */
@Injectable()
export class OutboundUrlPolicy {
  constructor(@Inject(securityConfig.KEY) private readonly security: ConfigType<typeof securityConfig>) {}

  get allowPrivate(): boolean {
    return this.security.outboundAllowPrivate;
  }

  /** Check a URL as written (no DNS): scheme, credentials, literal private addresses and local names. */
  assertAllowed(raw: string, field = 'url'): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw this.reject(field, 'is not a valid URL');
    }
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

  private reject(field: string, why: string) {
    return new OutboundException(OutboundErrorCode.UrlNotAllowed, `${field} ${why}`, { field });
  }
}
