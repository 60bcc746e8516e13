import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A line as a log pipeline ships it: which run and step, when, what. */
export interface ObservedLine {
  namespace: string;
  workflowRunName: string;
  taskName: string;
  /** Full precision; answers carry it to the second, as OpenChoreo's do. */
  timestamp: string;
  log: string;
}

export interface TestObserver {
  url: string;
  /** Every query body received, in order. */
  queries: any[];
  add(lines: ObservedLine[]): void;
  /** Answers every query with this status and body from now on (undefined: normal again). */
  failWith(answer?: { status: number; body: unknown }): void;
  /** Holds every answer this long (a slow observer). */
  delay(ms: number): void;
  close(): Promise<void>;
}

const MAX_LIMIT = 1000;
const MAX_RANGE_MS = 30 * 24 * 3600_000;
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const error = (title: string, message: string) => ({
  title,
  errorCode: '',
  message,
});

/**
 * A small stand-in for OpenChoreo's observer on 127.0.0.1:
 * `POST /api/v1/logs/query` with OpenChoreo's validation
 * (internal/observer/api/handlers/validations.go: RFC 3339 times, end not
 * before start, at most 30 days, limit 1..1000 defaulting to 100, sortOrder
 * asc|desc defaulting to desc), its workflow search scope and its answer
 * `{logs: [{timestamp, log}], total, tookMs}` with timestamps to the second
 * (service/logs.go convertWorkflowLogsToResponse). With `token`, a request
 * without `Authorization: Bearer <token>` gets 401, as OpenChoreo's JWT
 * middleware answers.
 */
export async function startTestObserver(
  options: {
    token?: string;
    /**
     * Answer every step of the run whatever `taskName` says, as OpenChoreo
     * v1.2.3 does (its logs adapter's search scope has no task:
     * internal/observer/service/logs_adapter.go:41-44, 199-202).
     */
    ignoreTaskName?: boolean;
  } = {},
): Promise<TestObserver> {
  const lines: ObservedLine[] = [];
  const queries: any[] = [];
  let failure: { status: number; body: unknown } | undefined;
  let delayMs = 0;

  const answer = (body: any): { status: number; body: unknown } => {
    const s = body?.searchScope;
    if (!s || typeof s !== 'object' || !s.namespace)
      return {
        status: 400,
        body: error('badRequest', 'searchScope.namespace is required'),
      };
    for (const key of ['startTime', 'endTime'])
      if (typeof body[key] !== 'string' || !RFC3339.test(body[key]))
        return {
          status: 400,
          body: error('badRequest', `${key} must be in RFC3339 format`),
        };
    const start = Date.parse(body.startTime);
    const end = Date.parse(body.endTime);
    if (end < start)
      return {
        status: 400,
        body: error('badRequest', 'endTime must be after startTime'),
      };
    if (end - start > MAX_RANGE_MS)
      return {
        status: 400,
        body: error('badRequest', 'query time range cannot exceed 30 days'),
      };
    const limit = body.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
      return {
        status: 400,
        body: error('badRequest', `limit cannot exceed ${MAX_LIMIT}`),
      };
    const order = body.sortOrder || 'desc';
    if (order !== 'asc' && order !== 'desc')
      return {
        status: 400,
        body: error('badRequest', "sortOrder must be either 'asc' or 'desc'"),
      };
    const matched = lines
      .filter(
        l =>
          l.namespace === s.namespace &&
          (!s.workflowRunName || l.workflowRunName === s.workflowRunName) &&
          (options.ignoreTaskName ||
            !s.taskName ||
            l.taskName === s.taskName) &&
          Date.parse(l.timestamp) >= start &&
          Date.parse(l.timestamp) <= end,
      )
      .map((l, i) => ({ l, i }))
      .sort(
        (a, b) =>
          (Date.parse(a.l.timestamp) - Date.parse(b.l.timestamp)) *
            (order === 'asc' ? 1 : -1) || a.i - b.i,
      )
      .map(x => x.l);
    return {
      status: 200,
      body: {
        logs: matched.slice(0, limit || 100).map(l => ({
          timestamp: new Date(Math.floor(Date.parse(l.timestamp) / 1000) * 1000)
            .toISOString()
            .replace('.000Z', 'Z'),
          log: l.log,
        })),
        total: Math.min(matched.length, MAX_LIMIT),
        tookMs: 1,
      },
    };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => {
      raw += c;
    });
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      let result: { status: number; body: unknown };
      if (req.method !== 'POST' || req.url !== '/api/v1/logs/query') {
        result = { status: 404, body: error('notFound', 'not found') };
      } else if (
        options.token &&
        req.headers.authorization !== `Bearer ${options.token}`
      ) {
        result = {
          status: 401,
          body: error('unauthorized', 'Invalid or missing token'),
        };
      } else {
        queries.push(body);
        result = failure ?? answer(body);
      }
      setTimeout(() => {
        res.writeHead(result.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(result.body));
      }, delayMs);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    add: more => lines.push(...more),
    failWith: f => {
      failure = f;
    },
    delay: ms => {
      delayMs = ms;
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
