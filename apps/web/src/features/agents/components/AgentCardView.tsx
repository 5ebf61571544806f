import { AgentCardSchema } from '@switchboard/a2a-protocol';

const dt = 'text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';
const chip =
  'rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 ring-inset dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600';

function Chips({ items, label }: { items: readonly string[]; label: string }) {
  if (items.length === 0) return <span className="text-sm text-slate-500 dark:text-slate-400">None</span>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1">
      {items.map((item) => (
        <li key={item} className={chip}>
          {item}
        </li>
      ))}
    </ul>
  );
}

/**
 * An A2A Agent Card (v1.0 shape, as the API stores and previews it): identity, capabilities, protocol
 * version, interfaces and skills. A card that does not fit the schema is shown as JSON.
 */
export function AgentCardView({
  card,
  headingLevel = 3,
}: {
  card: Record<string, unknown>;
  headingLevel?: 2 | 3;
}) {
  const parsed = AgentCardSchema.safeParse(card);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const raw = (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-slate-700 dark:text-slate-300">Card JSON</summary>
      <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-800">
        {JSON.stringify(card, null, 2)}
      </pre>
    </details>
  );
  if (!parsed.success) return <div data-testid="agent-card">{raw}</div>;
  const c = parsed.data;
  const capabilities = Object.entries(c.capabilities)
    .filter(([, value]) => value === true)
    .map(([name]) => name);
  const versions = [...new Set(c.supportedInterfaces.map((i) => i.protocolVersion).filter(Boolean))];

  return (
    <div data-testid="agent-card" className="space-y-5">
      <div>
        <H className="text-lg font-semibold text-slate-900 dark:text-slate-100" data-testid="agent-card-name">
          {c.name}
        </H>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{c.description}</p>
      </div>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className={dt}>Version</dt>
          <dd className="mt-1 text-sm">{c.version}</dd>
        </div>
        <div>
          <dt className={dt}>Protocol version</dt>
          <dd className="mt-1 text-sm" data-testid="agent-card-protocol">
            {versions.join(', ') || '—'}
          </dd>
        </div>
        <div>
          <dt className={dt}>Capabilities</dt>
          <dd className="mt-1" data-testid="agent-card-capabilities">
            <Chips items={capabilities} label="Capabilities" />
          </dd>
        </div>
        <div>
          <dt className={dt}>Provider</dt>
          <dd className="mt-1 text-sm">{c.provider?.organization ?? '—'}</dd>
        </div>
      </dl>
      <section>
        <Sub className={dt}>Interfaces</Sub>
        <ul className="mt-2 space-y-1 text-sm" data-testid="agent-card-interfaces">
          {c.supportedInterfaces.map((i) => (
            <li key={`${i.protocolBinding}:${i.url}`} className="flex flex-wrap items-baseline gap-2">
              <span className={chip}>{i.protocolBinding}</span>
              <code className="break-all text-xs">{i.url}</code>
              {i.protocolVersion && (
                <span className="text-xs text-slate-600 dark:text-slate-400">v{i.protocolVersion}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <Sub className={dt}>Skills ({c.skills.length})</Sub>
        <ul className="mt-2 grid gap-3 md:grid-cols-2" data-testid="agent-card-skills">
          {c.skills.map((skill) => (
            <li
              key={skill.id}
              data-testid="agent-card-skill"
              className="rounded-md p-3 ring-1 ring-slate-200 dark:ring-slate-700"
            >
              <p className="font-medium text-slate-900 dark:text-slate-100">{skill.name}</p>
              <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">{skill.description}</p>
              {skill.tags.length > 0 && (
                <div className="mt-2">
                  <Chips items={skill.tags} label={`Tags of ${skill.name}`} />
                </div>
              )}
              {skill.examples && skill.examples.length > 0 && (
                <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                  Examples: {skill.examples.map((e) => `“${e}”`).join(', ')}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
      {raw}
    </div>
  );
}
