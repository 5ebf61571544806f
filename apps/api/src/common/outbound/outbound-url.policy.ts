import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { OutboundPolicy } from '@switchboard/a2a-protocol/gateway';
import { securityConfig } from '../../config';

/**
 * The gateway core's SSRF policy (libs/a2a-protocol), configured from OUTBOUND_ALLOW_PRIVATE, for the
 * checks the API makes itself (registering an endpoint, importing a card).
 */
@Injectable()
export class OutboundUrlPolicy extends OutboundPolicy {
  constructor(@Inject(securityConfig.KEY) security: ConfigType<typeof securityConfig>) {
    super(security.outboundAllowPrivate);
  }
}
