import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './runWorkflow.examples';
import { runWorkflowInput, runWorkflowOutput } from './runWorkflowSchema';
import {
  failureMessage,
  launchRun,
  logDryRun,
  previewedLaunch,
  runUrlOf,
  waitForRun,
} from './runWorkflowSteps';
import { WorkflowsBackend } from './WorkflowsBackendClient';

/** @public */
export interface RunWorkflowActionOptions {
  backend: WorkflowsBackend;
  /** Base URL of the Backstage app, for links to the run page. */
  appBaseUrl: string;
  /** How often to look at a run while waiting (ms). */
  pollIntervalMs?: number;
}

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
      input: runWorkflowInput,
      output: runWorkflowOutput,
    },
    async handler(ctx) {
      const input = ctx.input;
      // Validate (and render) before anything is created, in dry runs too.
      const { credentials, workflow, parameters, label, preview } =
        await previewedLaunch(backend, ctx);

      if (ctx.isDryRun) {
        logDryRun(ctx.logger, label, preview);
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
        fn: () =>
          launchRun(
            backend,
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
            label,
          ),
      });
      const runUrl = runUrlOf(appBaseUrl, launched);
      ctx.logger.info(
        `Launched ${launched.namespace}/${launched.name}: ${runUrl}`,
      );
      ctx.output('runName', launched.name);
      ctx.output('runNamespace', launched.namespace);
      ctx.output('runUrl', runUrl);

      const run = input.waitForCompletion
        ? await waitForRun(launched, {
            backend,
            credentials,
            cluster: input.cluster,
            logger: ctx.logger,
            signal: ctx.signal,
            pollMs,
            timeoutSeconds: input.timeoutSeconds,
            stopOnCancel: input.stopOnCancel,
            runUrl,
          })
        : await backend.getRun(
            credentials,
            launched.namespace,
            launched.name,
            input.cluster,
          );
      ctx.output('status', run.phase);
      ctx.output('outputs', run.outputs ?? {});
      if (!input.waitForCompletion) return;
      if (run.phase === 'Failed') {
        throw new Error(failureMessage(launched, run, runUrl));
      }
      ctx.logger.info(`${launched.namespace}/${launched.name} succeeded`);
    },
  });
}
