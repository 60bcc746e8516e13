import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  isTerminalPhase,
  LaunchRequest,
  PreviewResponse,
  RunDetail,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { stringify } from 'yaml';
import {
  LaunchRejectedError,
  WorkflowsBackend,
} from './WorkflowsBackendClient';

/** A launched run (a type, not an interface: task checkpoints keep JSON). */
export type LaunchedRun = {
  namespace: string;
  name: string;
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** The workflow the input names: a Workflow is in the run's namespace unless told otherwise. */
export function workflowRefOf(
  input: {
    kind: 'Workflow' | 'ClusterWorkflow';
    name: string;
    namespace?: string;
  },
  runNamespace: string,
): WorkflowRef {
  return {
    kind: input.kind,
    name: input.name,
    namespace:
      input.kind === 'Workflow' ? input.namespace ?? runNamespace : undefined,
  };
}

/** `Workflow ns/name` or `ClusterWorkflow name`, for messages. */
export function workflowLabel(workflow: WorkflowRef): string {
  return `${workflow.kind} ${
    workflow.namespace ? `${workflow.namespace}/` : ''
  }${workflow.name}`;
}

/** The input both actions share: the workflow, the run's namespace, parameters and cluster. */
export interface WorkflowInput {
  workflow: {
    kind: 'Workflow' | 'ClusterWorkflow';
    name: string;
    namespace?: string;
  };
  namespace: string;
  parameters?: Record<string, unknown>;
  cluster?: string;
}

/**
 * The initiator's credentials and the workflow the input names, with its
 * parameters validated and rendered by the backend before anything is
 * created (in dry runs too): throws what `checkPreview` throws.
 */
export async function previewedLaunch(
  backend: WorkflowsBackend,
  ctx: {
    input: WorkflowInput;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
) {
  const { input } = ctx;
  const credentials = await ctx.getInitiatorCredentials();
  const workflow = workflowRefOf(input.workflow, input.namespace);
  const parameters = input.parameters ?? {};
  const label = workflowLabel(workflow);
  const preview = await backend.preview(
    credentials,
    workflow,
    input.namespace,
    parameters,
    input.cluster,
  );
  checkPreview(preview, label);
  return { credentials, workflow, parameters, label, preview };
}

/** Throws what the preview found wrong: InputError for parameters (a dry run answers 400, not 500). */
export function checkPreview(preview: PreviewResponse, label: string) {
  if (preview.errors.length > 0) {
    throw new InputError(
      `Invalid parameters for ${label}:\n${preview.errors
        .map(e => `  ${e.path || '(root)'}: ${e.message}`)
        .join('\n')}`,
    );
  }
  if (preview.renderError) {
    // The message names OpenChoreo's error and the expression.
    throw new Error(
      `${label}: ${preview.renderError.message}${
        preview.renderError.location
          ? ` (at ${preview.renderError.location})`
          : ''
      }`,
    );
  }
}

/** Logs what a dry run would launch: the parameters and the rendered objects. */
export function logDryRun(
  logger: LoggerService,
  label: string,
  preview: PreviewResponse,
) {
  logger.info(
    `Dry run: ${label} would run with these parameters:\n${stringify(
      preview.parameters,
    )}`,
  );
  logger.info(
    `Rendered objects:\n${preview.objects
      .map(o => stringify(o))
      .join('---\n')}`,
  );
}

/**
 * Launches the run; a launch the backend refused for its parameters is the
 * InputError that names them.
 */
export async function launchRun(
  backend: WorkflowsBackend,
  credentials: BackstageCredentials,
  request: LaunchRequest,
  cluster: string | undefined,
  label: string,
): Promise<LaunchedRun> {
  try {
    const run = await backend.launch(credentials, request, cluster);
    return { name: run.name, namespace: run.namespace };
  } catch (e) {
    if (e instanceof LaunchRejectedError) {
      throw new InputError(
        `${label} refused the parameters:\n${e.fieldErrors
          .map(f => `  ${f.path || '(root)'}: ${f.message}`)
          .join('\n')}`,
      );
    }
    throw e;
  }
}

/** The run's page in the Backstage app. */
export function runUrlOf(appBaseUrl: string, run: LaunchedRun): string {
  return `${appBaseUrl.replace(/\/$/, '')}/openchoreo-workflows/runs/${
    run.namespace
  }/${run.name}`;
}

/** What waiting for a run needs. */
export interface WaitOptions {
  backend: WorkflowsBackend;
  credentials: BackstageCredentials;
  cluster?: string;
  logger: LoggerService;
  signal?: AbortSignal;
  pollMs: number;
  timeoutSeconds?: number;
  stopOnCancel?: boolean;
  runUrl: string;
}

/**
 * Waits until the run succeeds or fails, logging each step's changes and the
 * new log lines; stops the run when the task is cancelled (unless told not
 * to), and gives up after the timeout.
 */
export async function waitForRun(
  launched: LaunchedRun,
  opts: WaitOptions,
): Promise<RunDetail> {
  const { backend, credentials, cluster, logger } = opts;
  const deadline = Date.now() + (opts.timeoutSeconds ?? 3600) * 1000;
  const reported = new Map<string, string>();
  const printed = new Map<string, StepLogProgress>();
  for (;;) {
    if (opts.signal?.aborted) {
      if (opts.stopOnCancel ?? true) {
        await backend
          .stop(credentials, launched.namespace, launched.name, cluster)
          .catch(() => undefined);
        logger.warn(
          `Task cancelled: stopped ${launched.namespace}/${launched.name}`,
        );
      }
      throw new Error(
        `Cancelled while waiting for ${launched.namespace}/${launched.name}`,
      );
    }
    const run = await backend.getRun(
      credentials,
      launched.namespace,
      launched.name,
      cluster,
    );
    logStepChanges(logger, run, reported);
    await logNewLines(launched, run, printed, opts);
    if (isTerminalPhase(run.phase)) return run;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${opts.timeoutSeconds ?? 3600}s waiting for ${
          launched.namespace
        }/${launched.name} (still ${run.phase}): ${opts.runUrl}`,
      );
    }
    await sleep(opts.pollMs, opts.signal);
  }
}

/** How far a step's log was printed, and whether it is all printed. */
interface StepLogProgress {
  offset: number;
  done: boolean;
}

/** Lines read per request: one archive chunk. */
const LOG_PAGE_LINES = 1000;

/**
 * Logs each started step's lines not printed yet, reading its log by offset
 * (only the new lines travel, never the whole log again). A step is done once
 * its complete log is archived and printed.
 */
async function logNewLines(
  launched: LaunchedRun,
  run: RunDetail,
  printed: Map<string, StepLogProgress>,
  opts: WaitOptions,
) {
  const { backend, credentials, cluster, logger } = opts;
  for (const t of run.tasks) {
    if (t.phase === 'Pending' || t.phase === 'Skipped') continue;
    const progress = printed.get(t.name) ?? { offset: 0, done: false };
    printed.set(t.name, progress);
    while (!progress.done) {
      const page = await backend
        .getLogs(credentials, launched.namespace, launched.name, cluster, {
          task: t.name,
          offset: progress.offset,
          limit: LOG_PAGE_LINES,
        })
        .catch(() => undefined);
      if (!page) break;
      for (const line of page.lines) logger.info(`[${line.task}] ${line.text}`);
      progress.offset += page.lines.length;
      const total = page.total ?? progress.offset;
      progress.done =
        page.steps[0]?.source === 'archive' && progress.offset >= total;
      if (page.lines.length === 0 || progress.offset >= total) break;
    }
  }
}

/** Logs each step whose phase changed since `reported` saw it. */
function logStepChanges(
  logger: LoggerService,
  run: RunDetail,
  reported: Map<string, string>,
) {
  for (const t of run.tasks) {
    const state = `${t.phase}`;
    if (reported.get(t.name) === state) continue;
    reported.set(t.name, state);
    const took =
      t.durationMs !== undefined && t.completedAt
        ? ` in ${(t.durationMs / 1000).toFixed(1)}s`
        : '';
    logger.info(
      `step ${t.name}: ${t.phase}${took}${t.message ? ` (${t.message})` : ''}`,
    );
  }
}

/** Why a failed run failed: its failed step and message, with its page. */
export function failureMessage(
  launched: LaunchedRun,
  run: RunDetail,
  runUrl: string,
): string {
  const failed = run.tasks.find(
    t => t.phase === 'Failed' || t.phase === 'Error',
  );
  return `${launched.namespace}/${launched.name} failed${
    failed ? ` at step ${failed.name}` : ''
  }: ${
    failed?.message ?? run.message ?? run.reason ?? 'no message'
  } (${runUrl})`;
}
