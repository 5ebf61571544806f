import { AgentCardSchema } from '../types';
import { CardFormatError, detectCardVersion } from './card-version';
import legacy from './fixtures/legacy-cards.json';
import sdk from './fixtures/sdk-wire.json';
import { V03AgentCardSchema } from './v03.schemas';
import { fromV03AgentCard } from './v03-card-translate';

describe('detectCardVersion', () => {
  describe('classifies real cards', () => {
    it.each([
      [
        '1.0 SDK card (ProtoJSON)',
        sdk.v10.agentCard,
        '1.0',
        '1.0',
        'JSONRPC',
        'https://agent.example/a2a/v1',
      ],
      [
        '1.0 SDK card served without A2A-Version header (v0.3 + embedded supportedInterfaces)',
        sdk.v10.hybridAgentCard,
        '1.0',
        '1.0',
        'JSONRPC',
        'https://agent.example/a2a/v1',
      ],
      ['0.3 SDK card', sdk.v03.agentCard, '0.3', '0.3.0', 'JSONRPC', 'https://legacy.example/a2a/jsonrpc'],
      [
        '1.0 SDK compat rendering',
        sdk.sdkCompat.agentCard,
        '0.3',
        '0.3',
        'JSONRPC',
        'https://agent.example/a2a/v03',
      ],
      [
        '0.2.5 card without preferredTransport',
        legacy.card_0_2_5,
        '0.3',
        '0.2.5',
        'JSONRPC',
        'http://localhost:10000/',
      ],
      [
        'early 0.2 card without protocolVersion',
        legacy.card_0_2_early,
        '0.3',
        '',
        'JSONRPC',
        'http://localhost:10002/',
      ],
    ])('%s → %s', (_name, json, version, declared, preferredBinding, url) => {
      const detected = detectCardVersion(json);
      expect(detected).toMatchObject({ version, declared, preferredBinding, url });
      expect(AgentCardSchema.safeParse(detected.card).error).toBeUndefined();
    });

    it('returns a 1.0 card as its schema reads it', () => {
      expect(detectCardVersion(sdk.v10.agentCard).card).toEqual(AgentCardSchema.parse(sdk.v10.agentCard));
    });

    it('reads a hybrid card through its v0.3 fields but keeps its own interface list', () => {
      const { card } = detectCardVersion(sdk.v10.hybridAgentCard);
      const proto = AgentCardSchema.parse(sdk.v10.agentCard);
      expect(card.securitySchemes).toEqual(proto.securitySchemes);
      expect(card.capabilities.extendedAgentCard).toBe(true);
      expect(card.supportedInterfaces).toEqual(sdk.v10.hybridAgentCard.supportedInterfaces);
    });

    it('normalizes a v0.3 card to v1.0 with fromV03AgentCard', () => {
      const { card } = detectCardVersion(sdk.v03.agentCard);
      expect(card).toEqual(fromV03AgentCard(V03AgentCardSchema.parse(sdk.v03.agentCard)));
    });

    it('speaks 0.3 to a v1.0-shaped card that lists only 0.3 interfaces (e.g. a normalized legacy card)', () => {
      const normalized = detectCardVersion(sdk.v03.agentCard).card;
      expect(detectCardVersion(normalized)).toMatchObject({
        version: '0.3',
        declared: '0.3',
        url: 'https://legacy.example/a2a/jsonrpc',
        preferredBinding: 'JSONRPC',
      });
    });

    it('reports the preferred transport of a v0.3 card', () => {
      const card = {
        ...sdk.v03.agentCard,
        preferredTransport: 'HTTP+JSON',
        url: 'https://legacy.example/a2a/rest',
      };
      expect(detectCardVersion(card)).toMatchObject({
        preferredBinding: 'HTTP+JSON',
        url: 'https://legacy.example/a2a/rest',
      });
    });

    it('prefers the first 1.0 interface even when a 0.3 one is listed first', () => {
      const card = {
        ...sdk.v10.agentCard,
        supportedInterfaces: [...sdk.v10.agentCard.supportedInterfaces].reverse(),
      };
      expect(detectCardVersion(card)).toMatchObject({
        version: '1.0',
        url: 'https://agent.example/a2a/rest',
        preferredBinding: 'HTTP+JSON',
      });
    });
  });

  describe('rejects what it cannot use, with a CardFormatError naming the problem', () => {
    const { url: _url, ...v03WithoutUrl } = sdk.v03.agentCard;
    const { skills: _skills, ...v1WithoutSkills } = sdk.v10.agentCard;
    it.each<[string, unknown, RegExp]>([
      ['null', null, /JSON object, got null/],
      ['an array', [sdk.v03.agentCard], /JSON object, got an array/],
      ['a string', 'agent', /JSON object, got string/],
      ['an empty object', {}, /neither supportedInterfaces \(v1.0\) nor url/],
      [
        '1.0 declared without supportedInterfaces',
        { ...sdk.v03.agentCard, protocolVersion: '1.0' },
        /protocolVersion 1.0 but has no supportedInterfaces/,
      ],
      ['0.1 card', { ...sdk.v03.agentCard, protocolVersion: '0.1.0' }, /unsupported protocolVersion "0.1.0"/],
      [
        'numeric protocolVersion',
        { ...sdk.v03.agentCard, protocolVersion: 0.3 },
        /protocolVersion must be a string, got number/,
      ],
      ['v0.3 card without url', v03WithoutUrl, /neither supportedInterfaces/],
      [
        'v0.3 card with a wrong type',
        { ...sdk.v03.agentCard, skills: 'echo' },
        /invalid v0.3 agent card: skills: /,
      ],
      ['v1.0 card without skills', v1WithoutSkills, /invalid v1.0 agent card: skills: /],
      [
        'v1.0 card whose interfaces are all of unknown versions',
        {
          ...sdk.v10.agentCard,
          supportedInterfaces: [
            { url: 'https://x.example', protocolBinding: 'JSONRPC', protocolVersion: '2.0' },
          ],
        },
        /no interface declares a supported protocolVersion \(found: 2.0\)/,
      ],
    ])('%s', (_name, json, message) => {
      let error: unknown;
      try {
        detectCardVersion(json);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CardFormatError);
      expect((error as CardFormatError).name).toBe('CardFormatError');
      expect((error as CardFormatError).message).toMatch(message);
    });

    it('lists every schema issue on the error', () => {
      const broken = {
        ...sdk.v03.agentCard,
        name: 1,
        version: 2,
        skills: 3,
        defaultInputModes: 4,
        capabilities: 5,
      };
      try {
        detectCardVersion(broken);
        throw new Error('expected a CardFormatError');
      } catch (e) {
        expect(e).toBeInstanceOf(CardFormatError);
        expect((e as CardFormatError).issues).toHaveLength(5);
        expect((e as CardFormatError).message).toMatch(/… 2 more$/);
      }
    });
  });
});
