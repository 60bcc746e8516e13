import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { runWorkflowInput } from './runWorkflowSchema';
import { previewedLaunch } from './runWorkflowSteps';
import { WorkflowsBackend } from './WorkflowsBackendClient';

type Zod = Parameters<(typeof runWorkflowInput)['namespace']>[0];

/** @public */
export interface ScheduleWorkflowActionOptions {
  backend: WorkflowsBackend;
  /** Base URL of the Backstage app, for the link to the schedules page. */
  appBaseUrl: string;
}

/**
 * `openchoreo:workflow:schedule`: schedules an OpenChoreo workflow on a cron
 * expression (parameters validated and rendered first, in dry runs too). The
 * schedule is the template initiator's: the backend checks their launch
 * permission, and its runs are launched as them.
 *
 * @public
 */
export function createScheduleWorkflowAction(
  options: ScheduleWorkflowActionOptions,
) {
  const { backend, appBaseUrl } = options;
  return createTemplateAction({
    id: 'openchoreo:workflow:schedule',
    description:
      'Schedules an OpenChoreo workflow on a cron expression in a time zone (validated first) and outputs the schedule id and its next run',
    examples: [],
    supportsDryRun: true,
    schema: {
      input: {
        workflow: runWorkflowInput.workflow,
        namespace: runWorkflowInput.namespace,
        parameters: runWorkflowInput.parameters,
        cluster: runWorkflowInput.cluster,
        cron: (z: Zod) =>
          z
            .string()
            .min(1)
            .max(100)
            .describe(
              'Five fields: minute hour day-of-month month day-of-week',
            ),
        timezone: (z: Zod) =>
          z
            .string()
            .optional()
            .describe('IANA time zone of the cron expression (default UTC)'),
      },
      output: {
        scheduleId: (z: Zod) => z.string().describe('Id of the schedule'),
        nextRunAt: (z: Zod) =>
          z.string().describe('Time of the first run (ISO), or DryRun'),
        schedulesUrl: (z: Zod) =>
          z.string().describe('Link to the schedules page in Backstage'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const { credentials, workflow, parameters, label } =
        await previewedLaunch(backend, ctx);
      const schedulesUrl = `${appBaseUrl.replace(
        /\/$/,
        '',
      )}/openchoreo-workflows/schedules`;
      if (ctx.isDryRun) {
        ctx.logger.info(`dry run: would schedule ${label} at '${input.cron}'`);
        ctx.output('scheduleId', 'dry-run');
        ctx.output('nextRunAt', 'DryRun');
        ctx.output('schedulesUrl', schedulesUrl);
        return;
      }
      // A resumed task must not create a second schedule.
      const schedule = await ctx.checkpoint({
        key: `openchoreo-schedule-${input.namespace}-${workflow.name}`,
        fn: async () => {
          const created = await backend.createSchedule(
            credentials,
            {
              workflow,
              namespace: input.namespace,
              parameters,
              cron: input.cron,
              ...(input.timezone ? { timezone: input.timezone } : {}),
            },
            input.cluster,
          );
          return { id: created.id, nextRunAt: created.nextRunAt ?? '' };
        },
      });
      ctx.logger.info(
        `scheduled ${label} (${schedule.id}); first run at ${schedule.nextRunAt}`,
      );
      ctx.output('scheduleId', schedule.id);
      ctx.output('nextRunAt', schedule.nextRunAt);
      ctx.output('schedulesUrl', schedulesUrl);
    },
  });
}
