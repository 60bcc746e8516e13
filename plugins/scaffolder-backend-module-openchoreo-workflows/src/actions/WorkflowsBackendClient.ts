import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  FieldError,
  LaunchRequest,
  LogWindow,
  PreviewResponse,
  RunDetail,
  RunLogsResponse,
  Schedule,
  ScheduleRequest,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/** One step's log window: the step and its lines' offset and limit. @public */
export type LogWindowOf = { task: string } & LogWindow;

/**
 * A call about the run `namespace/name`, on behalf of `credentials`.
 *
 * @public
 */
export type RunCall<T> = (
  credentials: BackstageCredentials,
  namespace: string,
  name: string,
  cluster?: string,
) => Promise<T>;

/**
 * What the actions need from the openchoreo-workflows backend.
 *
 * @public
 */
export interface WorkflowsBackend {
  preview(
    credentials: BackstageCredentials,
    workflow: WorkflowRef,
    namespace: string,
    parameters: Record<string, unknown>,
    cluster?: string,
  ): Promise<PreviewResponse>;
  launch(
    credentials: BackstageCredentials,
    request: LaunchRequest,
    cluster?: string,
  ): Promise<RunDetail>;
  getRun: RunCall<RunDetail>;
  /** The run's logs, or with `window` a window of one step's log. */
  getLogs(
    ...args: [...Parameters<RunCall<RunLogsResponse>>, LogWindowOf?]
  ): Promise<RunLogsResponse>;
  stop: RunCall<RunDetail>;
  createSchedule(
    credentials: BackstageCredentials,
    request: ScheduleRequest,
    cluster?: string,
  ): Promise<Schedule>;
}

const runPath = (namespace: string, name: string) =>
  `/runs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

/** A launch refused by the backend's validation, with the errors per field. */
export class LaunchRejectedError extends Error {
  constructor(message: string, readonly fieldErrors: FieldError[]) {
    super(message);
    this.name = 'LaunchRejectedError';
  }
}

/**
 * Calls the backend's REST API on behalf of the template's initiator, so the
 * backend's permission checks apply to the person running the template.
 *
 * @public
 */
export class WorkflowsBackendClient implements WorkflowsBackend {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async #call<T>(
    credentials: BackstageCredentials,
    method: string,
    path: string,
    cluster: string | undefined,
    body?: unknown,
  ): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl('openchoreo-workflows');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'openchoreo-workflows',
    });
    const url = `${base}${path}${
      cluster
        ? `${path.includes('?') ? '&' : '?'}cluster=${encodeURIComponent(
            cluster,
          )}`
        : ''
    }`;
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 400) {
      const data = await res
        .clone()
        .json()
        .catch(() => undefined);
      if (data?.fieldErrors) {
        throw new LaunchRejectedError(
          data.error?.message ?? 'invalid launch',
          data.fieldErrors,
        );
      }
    }
    if (!res.ok) throw await ResponseError.fromResponse(res as any);
    // Parsed here rather than with res.json(): the scaffolder's templating only
    // accepts plain objects of its own realm (global fetch lives in another
    // realm under jest).
    return JSON.parse(await res.text()) as T;
  }

  preview: WorkflowsBackend['preview'] = (
    credentials,
    workflow,
    namespace,
    parameters,
    cluster,
  ) => {
    const path =
      workflow.kind === 'ClusterWorkflow'
        ? `/clusterworkflows/${encodeURIComponent(workflow.name)}/preview`
        : `/workflows/${encodeURIComponent(
            workflow.namespace ?? namespace,
          )}/${encodeURIComponent(workflow.name)}/preview`;
    return this.#call<PreviewResponse>(credentials, 'POST', path, cluster, {
      namespace,
      parameters,
    });
  };

  launch: WorkflowsBackend['launch'] = (credentials, request, cluster) =>
    this.#call(credentials, 'POST', '/runs', cluster, request);

  getRun: RunCall<RunDetail> = (credentials, namespace, name, cluster) =>
    this.#call(credentials, 'GET', runPath(namespace, name), cluster);

  getLogs: WorkflowsBackend['getLogs'] = (
    credentials,
    namespace,
    name,
    cluster,
    window,
  ) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(window ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.size ? `?${query}` : '';
    return this.#call(
      credentials,
      'GET',
      `${runPath(namespace, name)}/logs${search}`,
      cluster,
    );
  };

  stop: RunCall<RunDetail> = (credentials, namespace, name, cluster) =>
    this.#call(credentials, 'DELETE', runPath(namespace, name), cluster);

  createSchedule: WorkflowsBackend['createSchedule'] = (
    credentials,
    request,
    cluster,
  ) => this.#call(credentials, 'POST', '/schedules', cluster, request);
}
