/**
 * One typed message channel between two of Descent's runtimes (extension host ↔ training worker,
 * extension host ↔ panel page), after microsoft/vscode-hexeditor's MessageHandler. A message is an
 * event, a request (with an id) or the reply to one; each end has one handler for what it
 * receives, and replies are matched to requests here, so no end re-implements run-id matching.
 * An event may name the request it is about (progress of a run), so the requester hears it.
 */
import { assertNever } from './assertNever';

/** What crosses the wire: `body` is one of the protocol's messages for that direction. */
export type Envelope<T> =
  | { kind: 'event'; body: T; about?: number }
  | { kind: 'request'; id: number; body: T }
  | { kind: 'reply'; id: number; body: T };

/** What the receiving end does with a message: a request's handler returns the reply. */
export interface ChannelHandler<In, Out> {
  /** An event, or a request whose reply is the returned message (undefined: no reply is due). */
  onMessage(body: In, request: { id: number } | null): Out | Promise<Out> | undefined | void;
  /** An event about a request this end sent (e.g. a run's progress). */
  onEventAbout?(body: In, requestId: number): void;
}

interface Pending<In> {
  resolve(reply: In): void;
  reject(error: Error): void;
}

/**
 * One end of a channel. `post` sends an envelope to the other end; `receive` takes one from it,
 * checked by `parse` (the less trusted end's messages are validated before anything acts on them).
 * e.g. `const ch = new Channel(post, parseWorkerMessage, handler); const reply = await ch.request({ type: 'train', … })`.
 */
export class Channel<Out, In> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending<In>>();

  constructor(
    private readonly post: (envelope: Envelope<Out>) => void,
    private readonly parse: (body: unknown) => In | null,
    private readonly handler: ChannelHandler<In, Out>,
    private readonly onMalformed: (raw: unknown) => void = () => undefined,
  ) {}

  /** Sends a message that expects no reply; `about` names the received request it belongs to. */
  event(body: Out, about?: number): void {
    this.post(about === undefined ? { kind: 'event', body } : { kind: 'event', body, about });
  }

  /** Sends a message and resolves with the other end's reply (rejected if the channel closes first). */
  request(body: Out): Promise<In> {
    const id = this.nextId++;
    return new Promise<In>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.post({ kind: 'request', id, body });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** The id the next request will carry (so a caller can tell its events apart before sending). */
  get upcomingId(): number {
    return this.nextId;
  }

  /** Takes one envelope from the other end. */
  receive(raw: unknown): void {
    const envelope = parseEnvelope(raw);
    const body = envelope ? this.parse(envelope.body) : null;
    if (!envelope || body === null) {
      this.onMalformed(raw);
      return;
    }
    switch (envelope.kind) {
      case 'reply': {
        const waiting = this.pending.get(envelope.id);
        this.pending.delete(envelope.id);
        waiting?.resolve(body);
        return;
      }
      case 'event':
        if (envelope.about !== undefined) this.handler.onEventAbout?.(body, envelope.about);
        else void this.handler.onMessage(body, null);
        return;
      case 'request': {
        const id = envelope.id;
        void Promise.resolve(this.handler.onMessage(body, { id })).then((reply) => {
          if (reply !== undefined) this.post({ kind: 'reply', id, body: reply });
        });
        return;
      }
      default:
        assertNever(envelope);
    }
  }

  /** The other end is gone: every request still waiting is rejected with `why`. */
  close(why: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new Error(why));
  }
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** An envelope's shape from untrusted input (its body is checked by the protocol's parser), or null. */
export function parseEnvelope(raw: unknown): Envelope<unknown> | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as Record<string, unknown>;
  switch (e.kind) {
    case 'event':
      return e.about === undefined ? { kind: 'event', body: e.body } : isId(e.about) ? { kind: 'event', body: e.body, about: e.about } : null;
    case 'request':
    case 'reply':
      return isId(e.id) ? { kind: e.kind, id: e.id, body: e.body } : null;
    default:
      return null;
  }
}
