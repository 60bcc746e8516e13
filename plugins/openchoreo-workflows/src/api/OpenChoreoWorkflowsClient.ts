import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  LaunchRequest,
  LogLine,
  LogStreamStart,
  PreviewRequest,
  RunEvent,
  ScheduleRequest,
  ScheduleUpdate,
  StepLogStatus,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type {
  ClusterOptions,
  ListRunsQuery,
  ListSchedulesQuery,
  ListWorkflowsQuery,
  OpenChoreoWorkflowsApi,
  RunLogsOptions,
  RunLogStreamOptions,
  RunRef,
  RunStreamOptions,
  StepEventsOptions,
} from './OpenChoreoWorkflowsApi';
import { readEventStream } from './sse';
import type { FieldError } from './types';

const PLUGIN_ID = 'openchoreo-workflows';

/** What the API's method `M` resolves to, as its interface declares it. */
type Result<M extends keyof OpenChoreoWorkflowsApi> = Awaited<
  ReturnType<OpenChoreoWorkflowsApi[M]>
>;

type Query = Record<string, string | undefined>;

const enc = encodeURIComponent;

function queryString(query: Query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function workflowPath(ref: WorkflowRef) {
  return ref.kind === 'ClusterWorkflow'
    ? `/clusterworkflows/${enc(ref.name)}`
    : `/workflows/${enc(ref.namespace ?? 'default')}/${enc(ref.name)}`;
}

const runPath = (namespace: string, name: string) =>
  `/runs/${enc(namespace)}/${enc(name)}`;

/**
 * The field problems of a failed launch or rerun (`fieldErrors` of a 400
 * invalid, 409 conflict or 422 OpenChoreo-cannot-render answer), or
 * `[]` when the error carries none. @public
 */
export function getFieldErrors(error: unknown): FieldError[] {
  const body = (error as { body?: { fieldErrors?: unknown } } | undefined)
    ?.body;
  const list = body?.fieldErrors;
  return Array.isArray(list)
    ? list.filter(
        (e): e is FieldError =>
          typeof e?.path === 'string' && typeof e?.message === 'string',
      )
    : [];
}

/** Default {@link OpenChoreoWorkflowsApi} over discovery + fetch. @public */
export class OpenChoreoWorkflowsClient implements OpenChoreoWorkflowsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async url(path: string, query: Query = {}) {
    const base = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    return `${base}${path}${queryString(query)}`;
  }

  private async request<T>(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      query?: Query;
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    const response = await this.fetchApi.fetch(
      await this.url(path, init.query),
      {
        method: init.method ?? 'GET',
        headers:
          init.body === undefined
            ? undefined
            : { 'Content-Type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** POSTs `body` to `path` on the options' cluster. */
  private post<T>(
    path: string,
    body: unknown,
    options: { cluster?: string; signal?: AbortSignal },
  ) {
    return this.request<T>(path, {
      method: 'POST',
      body,
      query: { cluster: options.cluster },
      signal: options.signal,
    });
  }

  createSchedule(request: ScheduleRequest, options: ClusterOptions = {}) {
    return this.post<Result<'createSchedule'>>('/schedules', request, options);
  }

  listSchedules(options: ListSchedulesQuery = {}) {
    return this.request<Result<'listSchedules'>>('/schedules', {
      query: { cluster: options.cluster, cursor: options.cursor },
      signal: options.signal,
    });
  }

  getSchedule(id: string, options: ClusterOptions = {}) {
    return this.request<Result<'getSchedule'>>(
      `/schedules/${encodeURIComponent(id)}`,
      {
        signal: options.signal,
      },
    );
  }

  updateSchedule(
    id: string,
    update: ScheduleUpdate,
    options: ClusterOptions = {},
  ) {
    return this.request<Result<'updateSchedule'>>(
      `/schedules/${encodeURIComponent(id)}`,
      {
        method: 'PATCH',
        body: update,
        signal: options.signal,
      },
    );
  }

  deleteSchedule(id: string, options: ClusterOptions = {}) {
    return this.request<Result<'deleteSchedule'>>(
      `/schedules/${encodeURIComponent(id)}`,
      {
        method: 'DELETE',
        signal: options.signal,
      },
    );
  }

  listClusters(options: { signal?: AbortSignal } = {}) {
    return this.request<Result<'listClusters'>>('/clusters', {
      signal: options.signal,
    });
  }

  listWorkflows(query: ListWorkflowsQuery = {}) {
    const { signal, ...rest } = query;
    return this.request<Result<'listWorkflows'>>('/workflows', {
      query: rest,
      signal,
    });
  }

  getWorkflow(ref: WorkflowRef, options: ClusterOptions = {}) {
    return this.request<Result<'getWorkflow'>>(workflowPath(ref), {
      query: { cluster: options.cluster },
      signal: options.signal,
    });
  }

  preview(
    ref: WorkflowRef,
    request: PreviewRequest,
    options: ClusterOptions = {},
  ) {
    return this.post<Result<'preview'>>(
      `${workflowPath(ref)}/preview`,
      request,
      options,
    );
  }

  launch(request: LaunchRequest, options: ClusterOptions = {}) {
    return this.post<Result<'launch'>>('/runs', request, options);
  }

  listRuns(query: ListRunsQuery = {}) {
    const { signal, phase, params, limit, ...rest } = query;
    const flat: Query = {
      ...rest,
      phase: phase?.length ? phase.join(',') : undefined,
      limit: limit === undefined ? undefined : String(limit),
    };
    for (const [path, value] of Object.entries(params ?? {})) {
      flat[`param.${path}`] = value;
    }
    return this.request<Result<'listRuns'>>('/runs', { query: flat, signal });
  }

  getRun(namespace: string, name: string, options: ClusterOptions = {}) {
    return this.request<Result<'getRun'>>(runPath(namespace, name), {
      query: { cluster: options.cluster },
      signal: options.signal,
    });
  }

  compareRuns(a: RunRef, b: RunRef, options: { signal?: AbortSignal } = {}) {
    return this.request<Result<'compareRuns'>>('/runs/compare', {
      query: {
        a: `${a.namespace}/${a.name}`,
        b: `${b.namespace}/${b.name}`,
        clusterA: a.cluster,
        clusterB: b.cluster,
      },
      signal: options.signal,
    });
  }

  stopRun(namespace: string, name: string, options: ClusterOptions = {}) {
    return this.request<Result<'stopRun'>>(runPath(namespace, name), {
      method: 'DELETE',
      query: { cluster: options.cluster },
      signal: options.signal,
    });
  }

  rerun(
    namespace: string,
    name: string,
    parameters?: Record<string, unknown>,
    options: ClusterOptions = {},
  ) {
    return this.post<Result<'rerun'>>(
      `${runPath(namespace, name)}/rerun`,
      parameters ? { parameters } : {},
      options,
    );
  }

  getRunLogs(namespace: string, name: string, options: RunLogsOptions = {}) {
    const { offset, limit } = options;
    return this.request<Result<'getRunLogs'>>(
      `${runPath(namespace, name)}/logs`,
      {
        query: {
          cluster: options.cluster,
          task: options.task,
          offset: offset === undefined ? undefined : String(offset),
          limit: limit === undefined ? undefined : String(limit),
        },
        signal: options.signal,
      },
    );
  }

  async streamRunLogs(
    namespace: string,
    name: string,
    options: RunLogStreamOptions,
  ) {
    let ended = false;
    await readEventStream({
      fetch: (url, init) => this.fetchApi.fetch(url, init),
      url: await this.url(`${runPath(namespace, name)}/logs/stream`, {
        cluster: options.cluster,
        task: options.task,
        offset:
          options.offset === undefined ? undefined : String(options.offset),
      }),
      signal: options.signal,
      onOpen: options.onOpen,
      onError: options.onError,
      onInterrupted: options.onInterrupted,
      isDone: () => ended,
      onMessage: message => {
        if (message.event === 'line') {
          const line = parseJson<LogLine>(message.data);
          if (line) options.onLine(line);
        } else if (message.event === 'start') {
          const start = parseJson<LogStreamStart>(message.data);
          if (start) options.onStart?.(start);
        } else if (message.event === 'status') {
          const status = parseJson<StepLogStatus>(message.data);
          if (status?.task) options.onStatus?.(status);
        } else if (message.event === 'end') {
          ended = true;
          options.onEnd?.();
        }
      },
    });
  }

  getStepEvents(namespace: string, name: string, options: StepEventsOptions) {
    return this.request<Result<'getStepEvents'>>(
      `${runPath(namespace, name)}/events`,
      {
        query: { cluster: options.cluster, task: options.task },
        signal: options.signal,
      },
    );
  }

  async streamRuns(options: RunStreamOptions) {
    await readEventStream({
      fetch: (url, init) => this.fetchApi.fetch(url, init),
      url: await this.url('/stream', {
        cluster: options.cluster,
        namespace: options.namespace,
        workflow: options.workflow,
      }),
      signal: options.signal,
      onOpen: options.onOpen,
      onError: options.onError,
      onInterrupted: options.onInterrupted,
      onMessage: message => {
        if (message.event !== 'run') return;
        const event = parseJson<RunEvent>(message.data);
        if (event?.run) options.onEvent(event);
      },
    });
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
