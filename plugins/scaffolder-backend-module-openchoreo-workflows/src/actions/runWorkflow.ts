import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isTerminalPhase,
  RunDetail,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { stringify } from 'yaml';
import { examples } from './runWorkflow.examples';
import {
  LaunchRejectedError,
  WorkflowsBackend,
} from './WorkflowsBackendClient';

/** @public */
export interface RunWorkflowActionOptions {
  backend: WorkflowsBackend;
  /** Base URL of the Backstage app, for links to the run page. */
  appBaseUrl: string;
  /** How often to look at a run while waiting (ms). */
  pollIntervalMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * `openchoreo:workflow:run`: launches an OpenChoreo workflow run, optionally
 * waits for it while reporting its steps and logs, and returns its outputs.
 *
 * @public
 */
export function createRunWorkflowAction(options: RunWorkflowActionOptions) {
  const { backend, appBaseUrl } = options;
  const pollMs = options.pollIntervalMs ?? 2000;
  return createTemplateAction({
    id: 'openchoreo:workflow:run',
    description:
      'Launches an OpenChoreo workflow run (validated first), optionally waits for it, and outputs its status and output parameters',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        workflow: z =>
          z
            .object({
              kind: z
                .enum(['Workflow', 'ClusterWorkflow'])
                .describe('Workflow (namespaced) or ClusterWorkflow'),
              name: z
                .string()
                .min(1)
                .describe('Name of the Workflow or ClusterWorkflow'),
              namespace: z
                .string()
                .optional()
                .describe(
                  "Namespace of a Workflow (defaults to the run's namespace)",
                ),
            })
            .describe('The workflow to run'),
        namespace: z =>
          z.string().min(1).describe('Namespace of the WorkflowRun'),
        parameters: z =>
          z
            .record(z.unknown())
            .optional()
            .describe("Values for the workflow's parameter schema"),
        name: z =>
          z
            .string()
            .optional()
            .describe('Name of the run (generated when absent)'),
        waitForCompletion: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the run succeeds or fails (default false)'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Longest wait, in seconds (default 3600)'),
        stopOnCancel: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Stop the run when the task is cancelled while waiting (default true)',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe('Configured cluster to use (default: the first)'),
      },
      output: {
        runName: z => z.string().describe('Name of the WorkflowRun'),
        runNamespace: z => z.string().describe('Namespace of the WorkflowRun'),
        status: z =>
          z.string().describe('Pending, Running, Succeeded, Failed, or DryRun'),
        runUrl: z => z.string().describe('Link to the run page in Backstage'),
        outputs: z =>
          z
            .record(z.string())
            .describe('Output parameters of the workflow (when waited for)'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const workflow: WorkflowRef = {
        kind: input.workflow.kind,
        name: input.workflow.name,
        namespace:
          input.workflow.kind === 'Workflow'
            ? input.workflow.namespace ?? input.namespace
            : undefined,
      };
      const parameters = (input.parameters ?? {}) as Record<string, unknown>;
      const label = `${workflow.kind} ${
        workflow.namespace ? `${workflow.namespace}/` : ''
      }${workflow.name}`;

      // Validate (and render) before anything is created, in dry runs too.
      const preview = await backend.preview(
        credentials,
        workflow,
        input.namespace,
        parameters,
        input.cluster,
      );
      // InputError: the scaffolder answers a dry run with 400, not 500.
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

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${label} would run with these parameters:\n${stringify(
            preview.parameters,
          )}`,
        );
        ctx.logger.info(
          `Rendered objects:\n${preview.objects
            .map(o => stringify(o))
            .join('---\n')}`,
        );
        ctx.output('runName', 'dry-run');
        ctx.output('runNamespace', input.namespace);
        ctx.output('status', 'DryRun');
        ctx.output('runUrl', '');
        ctx.output('outputs', {});
        return;
      }

      // A resumed task must never launch twice: the checkpoint remembers the run,
      // and the idempotency key makes a retried request return the same run.
      const launched = await ctx.checkpoint({
        key: `openchoreo-launch-${input.namespace}-${workflow.name}`,
        fn: async () => {
          try {
            const run = await backend.launch(
              credentials,
              {
                namespace: input.namespace,
                workflow,
                parameters,
                name: input.name,
                idempotencyKey: `scaffolder:${ctx.task.id}:${
                  ctx.step?.id ?? workflow.name
                }`,
              },
              input.cluster,
            );
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
        },
      });
      const runUrl = `${appBaseUrl.replace(
        /\/$/,
        '',
      )}/openchoreo-workflows/runs/${launched.namespace}/${launched.name}`;
      ctx.logger.info(
        `Launched ${launched.namespace}/${launched.name}: ${runUrl}`,
      );
      ctx.output('runName', launched.name);
      ctx.output('runNamespace', launched.namespace);
      ctx.output('runUrl', runUrl);

      if (!input.waitForCompletion) {
        const run = await backend.getRun(
          credentials,
          launched.namespace,
          launched.name,
          input.cluster,
        );
        ctx.output('status', run.phase);
        ctx.output('outputs', run.outputs ?? {});
        return;
      }

      const deadline = Date.now() + (input.timeoutSeconds ?? 3600) * 1000;
      const reported = new Map<string, string>();
      let printedLines = 0;
      let run: RunDetail | undefined;
      for (;;) {
        if (ctx.signal?.aborted) {
          if (input.stopOnCancel ?? true) {
            await backend
              .stop(
                credentials,
                launched.namespace,
                launched.name,
                input.cluster,
              )
              .catch(() => undefined);
            ctx.logger.warn(
              `Task cancelled: stopped ${launched.namespace}/${launched.name}`,
            );
          }
          throw new Error(
            `Cancelled while waiting for ${launched.namespace}/${launched.name}`,
          );
        }
        run = await backend.getRun(
          credentials,
          launched.namespace,
          launched.name,
          input.cluster,
        );
        for (const t of run.tasks) {
          const state = `${t.phase}`;
          if (reported.get(t.name) === state) continue;
          reported.set(t.name, state);
          const took =
            t.durationMs !== undefined && t.completedAt
              ? ` in ${(t.durationMs / 1000).toFixed(1)}s`
              : '';
          ctx.logger.info(
            `step ${t.name}: ${t.phase}${took}${
              t.message ? ` (${t.message})` : ''
            }`,
          );
        }
        const logs = await backend
          .getLogs(
            credentials,
            launched.namespace,
            launched.name,
            input.cluster,
          )
          .catch(() => undefined);
        for (const line of logs?.lines.slice(printedLines) ?? []) {
          ctx.logger.info(`[${line.task}] ${line.text}`);
        }
        printedLines = Math.max(printedLines, logs?.lines.length ?? 0);
        if (isTerminalPhase(run.phase)) break;
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out after ${input.timeoutSeconds ?? 3600}s waiting for ${
              launched.namespace
            }/${launched.name} (still ${run.phase}): ${runUrl}`,
          );
        }
        await sleep(pollMs, ctx.signal);
      }

      ctx.output('status', run.phase);
      ctx.output('outputs', run.outputs ?? {});
      if (run.phase === 'Failed') {
        const failed = run.tasks.find(
          t => t.phase === 'Failed' || t.phase === 'Error',
        );
        throw new Error(
          `${launched.namespace}/${launched.name} failed${
            failed ? ` at step ${failed.name}` : ''
          }: ${
            failed?.message ?? run.message ?? run.reason ?? 'no message'
          } (${runUrl})`,
        );
      }
      ctx.logger.info(`${launched.namespace}/${launched.name} succeeded`);
    },
  });
}
