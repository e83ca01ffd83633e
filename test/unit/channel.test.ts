import { describe, expect, it } from 'vitest';
import { Channel, type Envelope } from '../../src/shared/channel';

type Msg = { type: 'ping'; n: number } | { type: 'pong'; n: number } | { type: 'progress'; step: number };
const parse = (v: unknown): Msg | null => (typeof v === 'object' && v !== null && typeof (v as Msg).type === 'string' ? (v as Msg) : null);

/** Two ends wired to each other, each delivering on a later tick as a real postMessage would. */
function pair() {
  const heard: { a: [Msg, number][]; b: Msg[]; malformed: unknown[] } = { a: [], b: [], malformed: [] };
  const ends: { b?: Channel<Msg, Msg> } = {};
  const a: Channel<Msg, Msg> = new Channel<Msg, Msg>((e) => queueMicrotask(() => ends.b?.receive(e)), parse, { onMessage: (m) => void heard.b.push(m), onEventAbout: (m, id) => void heard.a.push([m, id]) }, (raw) => heard.malformed.push(raw));
  const b: Channel<Msg, Msg> = new Channel<Msg, Msg>(
    (e) => queueMicrotask(() => a.receive(e)),
    parse,
    {
      onMessage: (m, request) => {
        heard.b.push(m);
        if (m.type === 'ping' && request) {
          b.event({ type: 'progress', step: 1 }, request.id);
          return { type: 'pong', n: m.n * 2 };
        }
        return undefined;
      },
    },
    (raw) => heard.malformed.push(raw),
  );
  ends.b = b;
  return { a, b, heard };
}

describe('the message channel', () => {
  it('answers a request with its own reply, even when several are in flight', async () => {
    const { a } = pair();
    const replies = await Promise.all([a.request({ type: 'ping', n: 1 }), a.request({ type: 'ping', n: 5 }), a.request({ type: 'ping', n: 7 })]);
    expect(replies).toEqual([{ type: 'pong', n: 2 }, { type: 'pong', n: 10 }, { type: 'pong', n: 14 }]);
  });

  it('routes an event about a request to the requester, and plain events to the handler', async () => {
    const { a, heard } = pair();
    const id = a.upcomingId;
    await a.request({ type: 'ping', n: 3 });
    expect(heard.a).toEqual([[{ type: 'progress', step: 1 }, id]]);
    a.event({ type: 'progress', step: 9 });
    await Promise.resolve();
    await Promise.resolve();
    expect(heard.b).toContainEqual({ type: 'progress', step: 9 });
  });

  it('rejects requests still waiting when the channel closes', async () => {
    const lost = new Channel<Msg, Msg>(() => undefined, parse, { onMessage: () => undefined });
    const waiting = lost.request({ type: 'ping', n: 1 });
    lost.close('the worker stopped');
    await expect(waiting).rejects.toThrow('the worker stopped');
  });

  it('drops malformed envelopes and bodies instead of acting on them', () => {
    const { a, heard } = pair();
    const bad: unknown[] = [null, 'text', { kind: 'reply' }, { kind: 'request', id: -1, body: { type: 'ping', n: 1 } }, { kind: 'event', body: 42 }, { kind: 'event', about: 'x', body: { type: 'ping', n: 1 } }];
    for (const raw of bad) a.receive(raw as Envelope<Msg>);
    expect(heard.malformed).toHaveLength(bad.length);
  });
});

describe('a request that cannot be posted', () => {
  it('rejects at once and leaves nothing waiting', async () => {
    const broken = new Channel<Msg, Msg>(() => {
      throw new Error('could not clone');
    }, parse, { onMessage: () => undefined });
    await expect(broken.request({ type: 'ping', n: 1 })).rejects.toThrow('could not clone');
    // Nothing is left to reject on close.
    expect(() => broken.close('gone')).not.toThrow();
  });
});
