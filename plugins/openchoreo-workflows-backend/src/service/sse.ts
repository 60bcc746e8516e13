import { Response } from 'express';

/** Bytes a stream queues for a client that does not read, beyond the socket's own buffer. */
export const DEFAULT_MAX_QUEUED_BYTES = 256 * 1024;
/** How often a stream re-checks the caller's permission. */
export const REAUTHORIZE_MS = 60_000;
const PING_MS = 15_000;
/** How long a stream ended for a slow client may take to deliver its last bytes. */
const LINGER_MS = 30_000;
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Why the server ended a stream: its last event, `closed`. */
export interface StreamClosed {
  reason: 'slow-client' | 'denied' | 'expired' | 'unverified';
  message: string;
}

/** A turn's frames for one stream are written at once past this many bytes. */
const FLUSH_BYTES = 64 * 1024;
const PING = Buffer.from(': ping\n\n');

const frame = (event: string, data: unknown) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const sharedFrames = new WeakMap<object, { event: string; bytes: Buffer }>();

/**
 * `data` as a framed event, serialized once for every stream it is sent to
 * (remembered while `data` lives). `data` must not change once framed.
 */
export function sharedFrame(event: string, data: object): Buffer {
  const known = sharedFrames.get(data);
  if (known?.event === event) return known.bytes;
  const bytes = Buffer.from(frame(event, data));
  sharedFrames.set(data, { event, bytes });
  return bytes;
}

/**
 * The frames of a flush as one buffer; the same frames in the same order
 * (the common case: one event to many streams) are joined once.
 */
let lastJoin: { parts: Buffer[]; joined: Buffer } | undefined;
function joined(parts: Buffer[]): Buffer {
  if (parts.length === 1) return parts[0];
  const last = lastJoin;
  if (
    last &&
    last.parts.length === parts.length &&
    last.parts.every((p, i) => p === parts[i])
  ) {
    return last.joined;
  }
  lastJoin = { parts, joined: Buffer.concat(parts) };
  return lastJoin.joined;
}

/** The flushes of streams with frames waiting; all run in one `setImmediate`. */
const waiting = new Set<() => void>();
function flushWaiting() {
  const flushes = [...waiting];
  waiting.clear();
  for (const flush of flushes) flush();
  lastJoin = undefined;
}

/**
 * A Server-Sent Events response. Created first thing in a route, so that a
 * client leaving during the route's awaits is known (`closed`) and whatever
 * was acquired meanwhile is released (`onClose` runs at once when closed).
 * Events sent in one turn of the event loop go out in one write (all
 * streams' in one `setImmediate`). Events a client does not read are queued
 * up to a bound, then the stream ends with a `closed` event saying why.
 */
export class EventStream {
  readonly #res: Response;
  readonly #maxQueuedBytes: number;
  readonly #onClose: Array<() => void> = [];
  readonly #timers: Array<ReturnType<typeof setTimeout>> = [];
  readonly #flush = () => this.#flushPending();
  /** Frames sent this turn, not yet written. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Frames waiting for the client to read (`drain`). */
  #queue: Buffer[] = [];
  #queuedBytes = 0;
  #draining = false;
  #done = false;

  constructor(res: Response, options: { maxQueuedBytes?: number } = {}) {
    this.#res = res;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    res.once('close', () => this.#finish());
    if (res.destroyed) this.#finish();
  }

  /** The client left or the stream ended: nothing more is sent. */
  get closed(): boolean {
    if (!this.#done && this.#res.destroyed) this.#finish();
    return this.#done;
  }

  /** Runs `fn` when the stream closes, at once if it has. */
  onClose(fn: () => void) {
    if (this.#done) fn();
    else this.#onClose.push(fn);
  }

  /** Sends the headers and keep-alive comments. */
  start() {
    if (this.closed) return;
    this.#res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    this.#write(Buffer.from(': connected\n\n'));
    this.#res.flushHeaders?.();
    const ping = setInterval(() => {
      if (!this.#draining) this.sendFrame(PING);
    }, PING_MS);
    this.#timers.push(ping);
  }

  /** Sends one event, or queues it while the client is not reading. */
  send(event: string, data: unknown) {
    if (!this.closed) this.sendFrame(Buffer.from(frame(event, data)));
  }

  /** Sends a framed event (`sharedFrame`: one for all streams). */
  sendFrame(bytes: Buffer) {
    if (this.#done) return;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    if (this.#pendingBytes >= FLUSH_BYTES) {
      waiting.delete(this.#flush);
      this.#flushPending();
    } else if (this.#pending.length === 1) {
      if (waiting.size === 0) setImmediate(flushWaiting);
      waiting.add(this.#flush);
    }
  }

  /**
   * Re-runs `check` every minute (the caller's permission, as at the start)
   * and ends the stream with what it returns (or when it fails); ends it at
   * `expiresAt` (the caller's token can no longer be checked).
   */
  reauthorize(
    check: () => Promise<StreamClosed | undefined>,
    expiresAt?: Date,
  ) {
    let checking = false;
    const tick = setInterval(async () => {
      if (checking || this.closed) return;
      checking = true;
      try {
        const closed = await check();
        if (closed) this.end('closed', closed);
      } catch {
        this.end('closed', {
          reason: 'unverified',
          message:
            'your permission could not be checked again; reconnect to go on',
        });
      } finally {
        checking = false;
      }
    }, REAUTHORIZE_MS);
    this.#timers.push(tick);
    if (expiresAt) this.#expireAt(expiresAt);
  }

  #expireAt(expiresAt: Date) {
    const delay = expiresAt.getTime() - Date.now();
    this.#timers.push(
      setTimeout(() => {
        if (Date.now() < expiresAt.getTime()) {
          this.#expireAt(expiresAt);
          return;
        }
        this.end('closed', {
          reason: 'expired',
          message: `your sign-in expired at ${expiresAt.toISOString()}; reconnect to go on`,
        });
      }, Math.min(Math.max(delay, 0), MAX_DELAY_MS)),
    );
  }

  /** Ends the stream, with a last event when given (after what was sent before). */
  end(event?: string, data?: unknown) {
    if (this.closed) return;
    const last = event ? [Buffer.from(frame(event, data))] : [];
    const sent = this.#draining ? [] : this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#queue = [];
    waiting.delete(this.#flush);
    const rest = [...sent, ...last];
    this.#res.end(rest.length > 0 ? Buffer.concat(rest) : undefined);
    this.#finish();
  }

  #flushPending() {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (this.closed || pending.length === 0) return;
    if (this.#draining) {
      for (const bytes of pending) {
        this.#queue.push(bytes);
        this.#queuedBytes += bytes.length;
      }
      if (this.#queuedBytes > this.#maxQueuedBytes) this.#dropSlowClient();
      return;
    }
    this.#write(joined(pending));
  }

  #write(bytes: Buffer) {
    const ok = this.#res.write(bytes);
    (this.#res as Response & { flush?: () => void }).flush?.();
    if (!ok) {
      this.#draining = true;
      this.#res.once('drain', () => this.#drain());
    }
  }

  #drain() {
    this.#draining = false;
    const queue = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (!this.#done && queue.length > 0) this.#write(Buffer.concat(queue));
  }

  #dropSlowClient() {
    const res = this.#res;
    this.end('closed', {
      reason: 'slow-client',
      message: `the client read too slowly: more than ${
        this.#maxQueuedBytes
      } bytes of events were waiting; reconnect to go on`,
    });
    setTimeout(() => res.destroy(), LINGER_MS).unref();
  }

  #finish() {
    if (this.#done) return;
    this.#done = true;
    this.#draining = false;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#queue = [];
    waiting.delete(this.#flush);
    for (const t of this.#timers) clearTimeout(t);
    for (const fn of this.#onClose.splice(0)) fn();
  }
}
