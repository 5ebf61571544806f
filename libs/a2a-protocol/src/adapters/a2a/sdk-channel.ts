import {
  AgentCard as SdkAgentCard,
  Message as SdkMessage,
  SendMessageRequest as SdkSendMessageRequest,
  StreamResponse as SdkStreamResponse,
  Task as SdkTask,
} from '@a2a-js/sdk';
import { Client, ClientFactory, DefaultAgentCardResolver, RestTransportFactory } from '@a2a-js/sdk/client';
import { isLegacyAgentCard, LegacyRestTransport, parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import type {
  AgentCard,
  Message,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import type { A2ACall, A2AChannel } from './a2a-channel';

// The official @a2a-js/sdk client, for the bindings the gateway does not speak itself (HTTP+JSON). The
// SDK has its own generated model of the wire: the gateway's v1.0 JSON crosses into it and back through
// one pure conversion per direction, here and nowhere else. Adapters import this module on demand
// (`await import('./sdk-channel')`): a gateway whose agents all speak JSON-RPC never loads the SDK.

/** The SDK's send params for one request of the gateway. */
export const toSdkSendRequest = (request: SendMessageRequest): SdkSendMessageRequest =>
  SdkSendMessageRequest.fromJSON(request);

/** What the SDK answered a send with (a task or a message), as v1.0 JSON. */
export const fromSdkSendResult = (result: SdkTask | SdkMessage): SendMessageResponse =>
  'id' in result
    ? { task: SdkTask.toJSON(result) as Task }
    : { message: SdkMessage.toJSON(result) as Message };

export const fromSdkTask = (task: SdkTask): Task => SdkTask.toJSON(task) as Task;

export const fromSdkStreamResponse = (event: SdkStreamResponse): StreamEvent =>
  SdkStreamResponse.toJSON(event) as StreamEvent;

/** An SDK client as a channel (errors stay the SDK's: the adapter types them with `fromCallError`). */
export class SdkChannel implements A2AChannel {
  constructor(private readonly client: Client) {}

  async send(call: A2ACall, request: SendMessageRequest): Promise<SendMessageResponse> {
    return fromSdkSendResult(await this.client.sendMessage(toSdkSendRequest(request), options(call)));
  }

  async *stream(call: A2ACall, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    for await (const event of this.client.sendMessageStream(toSdkSendRequest(request), options(call)))
      yield fromSdkStreamResponse(event);
  }

  async getTask(call: A2ACall, taskId: string, historyLength?: number): Promise<Task> {
    return fromSdkTask(await this.client.getTask({ tenant: '', id: taskId, historyLength }, options(call)));
  }

  async cancelTask(call: A2ACall, taskId: string): Promise<Task> {
    return fromSdkTask(
      await this.client.cancelTask({ tenant: '', id: taskId, metadata: undefined }, options(call)),
    );
  }

  async *subscribe(call: A2ACall, taskId: string): AsyncIterable<StreamEvent> {
    for await (const event of this.client.resubscribeTask({ tenant: '', id: taskId }, options(call)))
      yield fromSdkStreamResponse(event);
  }
}

const options = ({ ctx, headers }: A2ACall) => ({
  signal: ctx.signal,
  ...(headers ? { serviceParameters: headers } : {}),
});

/** The SDK's client for a card's HTTP+JSON interface (v1.0, or v0.3 through its legacy transport). */
export async function sdkChannelFromCard(
  raw: Record<string, unknown>,
  fetchImpl: typeof fetch,
): Promise<SdkChannel> {
  const legacyCompat = { enabled: true };
  const factory = new ClientFactory({
    transports: [new RestTransportFactory({ fetchImpl, legacyCompat })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
  });
  const sdkCard = isLegacyAgentCard(raw) ? parseLegacyAgentCard(raw) : SdkAgentCard.fromJSON(raw);
  return new SdkChannel(await factory.createFromAgentCard(sdkCard));
}

/**
 * The SDK's v0.3 HTTP+JSON transport at `endpoint` (platforms that host A2A agents under their own URL):
 * a channel, and the extended card the endpoint serves as v1.0 JSON.
 */
export async function legacyRestChannel(
  endpoint: string,
  fetchImpl: typeof fetch,
  signal: AbortSignal,
): Promise<{ channel: SdkChannel; card: AgentCard }> {
  const transport = new LegacyRestTransport({ endpoint, fetchImpl });
  const sdkCard = await transport.getExtendedAgentCard({ tenant: '' }, { signal });
  return {
    channel: new SdkChannel(new Client(transport, sdkCard)),
    card: SdkAgentCard.toJSON(sdkCard) as AgentCard,
  };
}
