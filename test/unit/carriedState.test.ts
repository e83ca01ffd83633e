import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_CARRIED_STATE_CHARS, carriedStateJson, parseCarriedState } from '../../src/shared/carriedState';

describe('a page state carried into a fresh page', () => {
  it('round-trips any JSON state, with no "<" and no line separator left to end or break the script element', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        const state = { view: { logScale: true }, fileUri: `file:///a/${text}</script><script>alert(1)</script>\u2028\u2029`, value };
        const json = carriedStateJson(state);
        expect(json).not.toMatch(/[<\u2028\u2029]/);
        expect(parseCarriedState(json)).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { numRuns: 200 },
    );
  });

  it('carries nothing for no state, a state that does not serialize, or one too large', () => {
    expect(carriedStateJson(undefined)).toBe('');
    expect(carriedStateJson(null)).toBe('');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(carriedStateJson(cyclic)).toBe('');
    expect(carriedStateJson({ big: 'x'.repeat(MAX_CARRIED_STATE_CHARS) })).toBe('');
  });

  it('reads back null from an absent, broken or oversized element', () => {
    for (const text of [undefined, null, '', '{', 'undefined', ' '.repeat(MAX_CARRIED_STATE_CHARS + 1)]) expect(parseCarriedState(text)).toBeNull();
  });
});
