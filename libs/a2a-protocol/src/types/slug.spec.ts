import { slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Hello World Agent', 'hello-world-agent'],
    ['hello_world_agent', 'hello-world-agent'],
    ['  Ünïcödé  Agent ', 'unicode-agent'],
    ['a.b-c', 'a-b-c'],
  ])('%s → %s', (name, slug) => expect(slugify(name)).toBe(slug));
});
