import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { OutboundHttp } from '@switchboard/a2a-protocol/gateway';
import { a2aConfig, securityConfig } from '../../config';
import { OutboundUrlPolicy } from './outbound-url.policy';

/**
 * Every request the gateway makes to the outside, through one SSRF policy: agent calls, card imports and the
 * endpoint check of a registration share one OutboundHttp (its connection pool; the gateway closes it).
 */
@Global()
@Module({
  providers: [
    OutboundUrlPolicy,
    {
      provide: OutboundHttp,
      inject: [OutboundUrlPolicy, a2aConfig.KEY, securityConfig.KEY],
      useFactory: (
        policy: OutboundUrlPolicy,
        config: ConfigType<typeof a2aConfig>,
        security: ConfigType<typeof securityConfig>,
      ) => new OutboundHttp({ policy, maxResponseBytes: config.maxResponseBytes, ca: security.outboundCa }),
    },
  ],
  exports: [OutboundUrlPolicy, OutboundHttp],
})
export class OutboundModule {}
