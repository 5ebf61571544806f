// Hostile variants of every write route of an OpenAPI 3 document, built from each route's own request
// schema: a valid body first (from the schema's examples, defaults and `fixtures`), then one field at a time
// replaced by raw JSON text. Deterministic and bounded: the same document gives the same requests.

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
};
type Operation = {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path as documented (`/a2a/{id}`). */
  template: string;
  pathParams: string[];
  /** The JSON body schema; undefined when the route reads no JSON body. */
  body?: Schema;
}

/** What a hostile value is expected to get: refused naming the field, or anything but a 5xx. */
export type Expectation = 'refused' | 'wrong-type' | 'tolerated';

export interface Variant {
  /** The dotted path of the field replaced (empty: the whole body). */
  field: string;
  what: string;
  raw: string;
  expect: Expectation;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const DEPTH = 10_000;

/** Values that cannot be stored or walked safely: refused with a 400 naming the field they are in. */
export const REFUSED: [string, string][] = [
  ['10,000 nested objects', '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)],
  ['10,000 nested arrays', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
  ['a NUL character', '"before\\u0000after"'],
  ['a NUL in a key', '{"k\\u0000":1}'],
  ['a lone high surrogate', '"x\\ud800y"'],
  ['a lone low surrogate', '["ok","\\udfff"]'],
];

/** Values a field may accept or refuse, but that never break the server. */
export const TOLERATED: [string, string][] = [
  ['control characters', '"\\u0001\\u0007\\u001b\\t\\r\\n\\u007f"'],
  ['a 600,000-character string', JSON.stringify('x'.repeat(600_000))],
  ['null', 'null'],
];

/** Values of the wrong JSON type, by the type they are not. */
const WRONG: Record<string, [string, string][]> = {
  string: [
    ['a number', '12345'],
    ['a boolean', 'true'],
  ],
  number: [
    ['a string', '"12"'],
    ['a boolean', 'false'],
  ],
  boolean: [
    ['a string', '"yes"'],
    ['a number', '1'],
  ],
  array: [
    ['an object where an array goes', '{"0":"a"}'],
    ['a string', '"a,b"'],
  ],
  object: [
    ['an array where an object goes', '[{"k":1}]'],
    ['a string', '"{}"'],
    ['a number', '7'],
  ],
};
const jsonTypeOf = (raw: string): string => {
  const value: unknown = JSON.parse(raw);
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'number' ? 'number' : typeof value;
};

export function writeRoutes(doc: OpenApiDocument): WriteRoute[] {
  const routes: WriteRoute[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const method of WRITE_METHODS) {
      const op = operations[method];
      if (!op) continue;
      routes.push({
        method: method.toUpperCase() as WriteRoute['method'],
        template,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

export class SchemaWalker {
  constructor(
    private readonly doc: OpenApiDocument,
    /** Values for fields the schema cannot make valid alone (a reachable URL, an existing id), by name. */
    private readonly fixtures: Record<string, unknown>,
  ) {}

  resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 10; i++)
      s = this.doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
    if (s.allOf?.length) s = Object.assign({}, ...s.allOf.map((part) => this.resolve(part)), s);
    return s;
  }

  /** The JSON types a schema admits; empty when it admits anything. */
  types(schema: Schema): string[] {
    const s = this.resolve(schema);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) {
      const all = alternatives.map((a) => this.types(a));
      return all.some((t) => t.length === 0) ? [] : [...new Set(all.flat())];
    }
    const declared = ([] as string[]).concat(s.type ?? []);
    if (declared.length === 0 && s.properties) return ['object'];
    return declared.flatMap((t) => (t === 'integer' ? ['number'] : [t]));
  }

  /** The object alternative of a schema (itself, or its first alternative with properties). */
  private objectOf(schema: Schema): Schema | undefined {
    const s = this.resolve(schema);
    if (s.properties) return s;
    return (s.anyOf ?? s.oneOf)?.map((a) => this.resolve(a)).find((a) => a.properties);
  }

  /** A valid value: a fixture, else the schema's example or default, else the least it admits. */
  valid(schema: Schema, name = ''): unknown {
    if (name in this.fixtures) return this.fixtures[name];
    const s = this.resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum?.length) return s.enum[0];
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.length) return this.valid(alternatives[0], name);
    const [type] = this.types(s);
    if (type === 'object' || s.properties) {
      const body: Record<string, unknown> = {};
      for (const key of s.required ?? []) body[key] = this.valid(s.properties?.[key] ?? {}, key);
      return body;
    }
    if (type === 'array')
      return s.minItems ? Array.from({ length: s.minItems }, () => this.valid(s.items ?? {})) : [];
    if (type === 'number') return s.minimum ?? 1;
    if (type === 'boolean') return true;
    if (type === 'string') return s.format === 'uuid' ? '00000000-0000-0000-0000-000000000000' : 'x';
    return {};
  }

  /** Every field of a body schema, two levels deep, with its schema. */
  fields(schema: Schema, prefix = '', depth = 0): [string, Schema][] {
    const object = this.objectOf(schema);
    if (!object?.properties) return [];
    return Object.entries(object.properties).flatMap(([key, child]): [string, Schema][] => [
      [prefix + key, child],
      ...(depth < 1 ? this.fields(child, `${prefix}${key}.`, depth + 1) : []),
    ]);
  }

  /** The hostile variants of one route's body: the whole body, then each field. */
  variants(body: Schema): Variant[] {
    const variants: Variant[] = [
      ...REFUSED.slice(0, 2).map(([what, raw]): Variant => ({ field: '', what, raw, expect: 'refused' })),
      { field: '', what: 'an array where the body object goes', raw: '[{}]', expect: 'wrong-type' },
      { field: '', what: 'a string body', raw: '"body"', expect: 'wrong-type' },
    ];
    for (const [field, schema] of this.fields(body)) {
      for (const [what, raw] of REFUSED) variants.push({ field, what, raw, expect: 'refused' });
      for (const [what, raw] of TOLERATED) variants.push({ field, what, raw, expect: 'tolerated' });
      const types = this.types(schema);
      if (types.length === 0) continue;
      for (const type of types)
        for (const [what, raw] of WRONG[type] ?? [])
          if (!types.includes(jsonTypeOf(raw))) variants.push({ field, what, raw, expect: 'wrong-type' });
    }
    return variants;
  }
}

const MARK = '__hostile__';

/** `body` as JSON text with the value at `field` (created if absent) replaced by `raw`. */
export function spliced(body: unknown, field: string, raw: string): string {
  if (field === '') return raw;
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = field.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    at = at[key] = next && typeof next === 'object' ? (next as Record<string, unknown>) : {};
  }
  at[keys[keys.length - 1]] = MARK;
  return JSON.stringify(copy).replace(`"${MARK}"`, () => raw);
}
