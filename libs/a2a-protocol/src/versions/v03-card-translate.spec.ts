import { AgentCardSchema, type AgentCard } from '../types';
import legacy from './fixtures/legacy-cards.json';
import sdk from './fixtures/sdk-wire.json';
import { V03AgentCardSchema, type V03AgentCard } from './v03.schemas';
import { fromV03AgentCard, toV03AgentCard, toV03SecurityScheme } from './v03-card-translate';

/** Every v0.3 security scheme kind, so each survives the round trip. */
const CARD_0_3_ALL_SCHEMES = {
  protocolVersion: '0.3.0',
  name: 'Secure Agent',
  description: 'Every auth scheme',
  url: 'https://secure.example/a2a',
  preferredTransport: 'HTTP+JSON',
  version: '2.0.0',
  provider: { organization: 'Secure Co', url: 'https://secure.example' },
  iconUrl: 'https://secure.example/icon.svg',
  documentationUrl: 'https://secure.example/docs',
  capabilities: {
    streaming: false,
    extensions: [{ uri: 'https://ext.example/x', required: true, params: { a: 1 } }],
  },
  securitySchemes: {
    key: { type: 'apiKey', in: 'query', name: 'api_key', description: 'query key' },
    basic: { type: 'http', scheme: 'basic' },
    oauth: {
      type: 'oauth2',
      oauth2MetadataUrl: 'https://auth.example/.well-known/oauth-authorization-server',
      flows: {
        authorizationCode: {
          authorizationUrl: 'https://auth.example/authorize',
          tokenUrl: 'https://auth.example/token',
          refreshUrl: 'https://auth.example/refresh',
          scopes: { 'agent:invoke': 'Invoke the agent' },
        },
      },
    },
    oidc: {
      type: 'openIdConnect',
      openIdConnectUrl: 'https://auth.example/.well-known/openid-configuration',
    },
    mtls: { type: 'mutualTLS', description: 'client cert' },
  },
  security: [{ key: [] }, { oauth: ['agent:invoke'], mtls: [] }],
  defaultInputModes: ['application/json'],
  defaultOutputModes: ['application/json'],
  skills: [{ id: 's', name: 'S', description: 'does s', tags: [] }],
  supportsAuthenticatedExtendedCard: true,
};

/** The gateway's own kind of card: only 1.0 interfaces, serving 0.3 on the same URLs (by A2A-Version header). */
const GATEWAY_CARD: AgentCard = {
  name: 'Switchboard',
  description: 'Gateway',
  version: '1.0.0',
  supportedInterfaces: [
    { url: 'https://gw.example/a2a/agent-x', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
    { url: 'https://gw.example/a2a/agent-x/rest', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
  ],
  capabilities: { streaming: true },
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [],
};

/** ProtoJSON leaves out an empty scopes list (`{ bearer: {} }`); we write it out (`{ list: [] }`). Same meaning. */
const withExplicitScopeLists = (card: AgentCard): AgentCard => ({
  ...card,
  securityRequirements: card.securityRequirements?.map((req) => {
    const { schemes } = req as { schemes: Record<string, { list?: string[] }> };
    return {
      schemes: Object.fromEntries(Object.entries(schemes).map(([k, v]) => [k, { list: v.list ?? [] }])),
    };
  }),
});

const parse03 = (card: unknown): V03AgentCard => V03AgentCardSchema.parse(card);

describe('Agent Card v0.3 ↔ v1.0', () => {
  describe('v0.3 → v1.0 → v0.3', () => {
    it.each<[string, unknown, (card: V03AgentCard) => V03AgentCard]>([
      [
        '0.3 SDK server card (primary repeated in additionalInterfaces)',
        sdk.v03.agentCard,
        // the duplicate of the primary endpoint is dropped; stateTransitionHistory does not exist in v1.0
        (card) => ({
          ...card,
          additionalInterfaces: [{ url: 'https://legacy.example/a2a/rest', transport: 'HTTP+JSON' }],
          capabilities: { streaming: true, pushNotifications: true },
        }),
      ],
      [
        '1.0 SDK compat card',
        sdk.sdkCompat.agentCard,
        // per-skill security is not modelled by the core AgentSkill
        (card) => ({ ...card, skills: card.skills.map(({ security: _security, ...skill }) => skill) }),
      ],
      ['every security scheme kind', CARD_0_3_ALL_SCHEMES, (card) => card],
      [
        '0.2 card without preferredTransport',
        legacy.card_0_2_5,
        (card) => ({ ...card, preferredTransport: 'JSONRPC' }),
      ],
      [
        'early 0.2 card: no protocolVersion, null fields',
        legacy.card_0_2_early,
        (card) => ({
          ...card,
          protocolVersion: '0.3.0',
          preferredTransport: 'JSONRPC',
          capabilities: { streaming: true, pushNotifications: false },
        }),
      ],
    ])('%s', (_name, fixture, expectedLoss) => {
      const v03 = parse03(fixture);
      const v1 = fromV03AgentCard(v03);
      expect(AgentCardSchema.safeParse(v1).error).toBeUndefined();
      const back = toV03AgentCard(v1, { protocolVersion: v03.protocolVersion });
      expect(V03AgentCardSchema.safeParse(back).error).toBeUndefined();
      expect(back).toEqual(expectedLoss(v03));
    });
  });

  describe('v1.0 → v0.3 → v1.0', () => {
    it('1.0 SDK card: v0.3 clients are offered only its 0.3 interface, exactly as the SDK compat layer does', () => {
      const v1 = AgentCardSchema.parse(sdk.v10.agentCard);
      const v03 = toV03AgentCard(v1, { protocolVersion: '0.3' });
      const theirs = sdk.sdkCompat.agentCard;
      expect(v03).toEqual({
        ...theirs,
        // the SDK spells out `required: false`, the ProtoJSON card we start from leaves it out
        capabilities: {
          ...theirs.capabilities,
          extensions: [{ ...theirs.capabilities.extensions[0], required: undefined }],
        },
        skills: theirs.skills.map(({ security: _security, ...skill }) => skill),
      });
      const back = fromV03AgentCard(v03);
      expect(back).toEqual({
        ...withExplicitScopeLists(v1),
        supportedInterfaces: [
          { url: 'https://agent.example/a2a/v03', protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
        ],
      });
    });

    it('a card with only 1.0 interfaces offers them all, first one preferred', () => {
      const v03 = toV03AgentCard(GATEWAY_CARD, { protocolVersion: '0.3.0' });
      expect(v03).toMatchObject({
        protocolVersion: '0.3.0',
        url: 'https://gw.example/a2a/agent-x',
        preferredTransport: 'JSONRPC',
        additionalInterfaces: [{ url: 'https://gw.example/a2a/agent-x/rest', transport: 'HTTP+JSON' }],
      });
      const back = fromV03AgentCard(v03);
      expect(back).toEqual({
        ...GATEWAY_CARD,
        supportedInterfaces: GATEWAY_CARD.supportedInterfaces.map((i) => ({ ...i, protocolVersion: '0.3' })),
      });
    });

    it('defaults protocolVersion to 0.3.0 and leaves out empty additionalInterfaces', () => {
      const v03 = toV03AgentCard({
        ...GATEWAY_CARD,
        supportedInterfaces: GATEWAY_CARD.supportedInterfaces.slice(0, 1),
      });
      expect(v03.protocolVersion).toBe('0.3.0');
      expect(v03).not.toHaveProperty('additionalInterfaces');
    });
  });

  describe('mapping details', () => {
    it('maps url + preferredTransport + additionalInterfaces to supportedInterfaces, preferred first', () => {
      const v1 = fromV03AgentCard(
        parse03({
          ...legacy.card_0_2_5,
          protocolVersion: '0.3.0',
          preferredTransport: 'GRPC',
          url: 'grpc.example:443',
          additionalInterfaces: [
            { url: 'https://x.example/jsonrpc', transport: 'JSONRPC' },
            { url: 'grpc.example:443', transport: 'GRPC' },
          ],
        }),
      );
      expect(v1.supportedInterfaces).toEqual([
        { url: 'grpc.example:443', protocolBinding: 'GRPC', protocolVersion: '0.3' },
        { url: 'https://x.example/jsonrpc', protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
      ]);
    });

    it('moves supportsAuthenticatedExtendedCard to capabilities.extendedAgentCard and back', () => {
      const v1 = fromV03AgentCard(parse03({ ...legacy.card_0_2_5, supportsAuthenticatedExtendedCard: true }));
      expect(v1.capabilities.extendedAgentCard).toBe(true);
      expect(toV03AgentCard(v1).supportsAuthenticatedExtendedCard).toBe(true);
    });

    it('translates security schemes to ProtoJSON oneofs and requirements to scope lists', () => {
      const v1 = fromV03AgentCard(parse03(sdk.v03.agentCard));
      expect(v1.securitySchemes).toEqual({
        bearer: { httpAuthSecurityScheme: { scheme: 'bearer', bearerFormat: 'JWT' } },
      });
      expect(v1.securityRequirements).toEqual([{ schemes: { bearer: { list: [] } } }]);
    });

    it('keeps the first OAuth flow when v0.3 declares several (v1.0 holds one)', () => {
      const flows = {
        clientCredentials: { tokenUrl: 'https://a.example/token', scopes: {} },
        authorizationCode: {
          authorizationUrl: 'https://a.example/auth',
          tokenUrl: 'https://a.example/token',
          scopes: {},
        },
      };
      const v1 = fromV03AgentCard(
        parse03({ ...legacy.card_0_2_5, securitySchemes: { o: { type: 'oauth2', flows } } }),
      );
      expect(v1.securitySchemes?.o).toEqual({
        oauth2SecurityScheme: { flows: { authorizationCode: flows.authorizationCode } },
      });
    });

    it('v1.0 → v0.3 security: device-code flow has no v0.3 form, unknown schemes are dropped, v0.3-shaped ones kept', () => {
      expect(
        toV03SecurityScheme({
          oauth2SecurityScheme: {
            flows: { deviceCode: { deviceAuthorizationUrl: 'https://a/d', tokenUrl: 'https://a/t' } },
          },
        }),
      ).toEqual({ type: 'oauth2', flows: {} });
      expect(toV03SecurityScheme({ apiKeySecurityScheme: { location: 'body', name: 'k' } })).toEqual({
        type: 'apiKey',
        in: 'header',
        name: 'k',
      });
      expect(toV03SecurityScheme({ quantumSecurityScheme: {} })).toBeUndefined();
      expect(toV03SecurityScheme({ type: 'http', scheme: 'bearer' })).toEqual({
        type: 'http',
        scheme: 'bearer',
      });
      const card = {
        ...GATEWAY_CARD,
        securitySchemes: { weird: { quantumSecurityScheme: {} }, ok: { mtlsSecurityScheme: {} } },
      };
      expect(toV03AgentCard(card).securitySchemes).toEqual({ ok: { type: 'mutualTLS' } });
    });

    it('drops card signatures (they sign one version’s bytes) and ignores unknown card fields', () => {
      const v1 = fromV03AgentCard({
        ...parse03(legacy.card_0_2_5),
        signatures: [{ protected: 'e30', signature: 'sig' }],
        vendorField: 1,
      } as V03AgentCard);
      expect(v1).not.toHaveProperty('signatures');
      expect(v1).not.toHaveProperty('vendorField');
    });
  });
});
