import { EventEmitter } from 'events';

/** @public */
export interface LogLine {
  /** RFC3339 with nanoseconds, as the kubelet writes it. */
  timestamp: string;
  text: string;
}

const key = (ns: string, pod: string, container: string) =>
  `${ns}/${pod}/${container}`;

/**
 * Container logs of simulated pods; `follow` readers are told about new lines and the end.
 *
 * @public
 */
export class PodLogStore {
  private readonly lines = new Map<string, LogLine[]>();
  private readonly closed = new Set<string>();
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  append(
    ns: string,
    pod: string,
    container: string,
    text: string,
    at = new Date(),
  ) {
    const k = key(ns, pod, container);
    const list = this.lines.get(k) ?? [];
    for (const part of text.split('\n')) {
      const line = {
        timestamp: at.toISOString().replace(/Z$/, '000000Z'),
        text: part,
      };
      list.push(line);
      this.events.emit(k, line);
    }
    this.lines.set(k, list);
  }

  /** Marks a container as terminated: followers end. */
  close(ns: string, pod: string, container: string) {
    const k = key(ns, pod, container);
    this.closed.add(k);
    this.events.emit(`${k}:closed`);
  }

  isClosed(ns: string, pod: string, container: string) {
    return this.closed.has(key(ns, pod, container));
  }

  read(ns: string, pod: string, container: string): LogLine[] {
    return [...(this.lines.get(key(ns, pod, container)) ?? [])];
  }

  /** Subscribes to new lines; returns the unsubscribe function. */
  follow(
    ns: string,
    pod: string,
    container: string,
    onLine: (l: LogLine) => void,
    onEnd: () => void,
  ) {
    const k = key(ns, pod, container);
    this.events.on(k, onLine);
    this.events.once(`${k}:closed`, onEnd);
    return () => {
      this.events.off(k, onLine);
      this.events.off(`${k}:closed`, onEnd);
    };
  }

  deletePod(ns: string, pod: string) {
    for (const k of [...this.lines.keys()]) {
      if (k.startsWith(`${ns}/${pod}/`)) {
        this.lines.delete(k);
        this.closed.add(k);
        this.events.emit(`${k}:closed`);
      }
    }
  }
}
