import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The zod the scaffolder hands each schema field (its own zod v3). */
type ZodImpl = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/** The input of `openchoreo:workflow:run`. */
export const runWorkflowInput = {
  workflow: (z: ZodImpl) =>
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
  namespace: (z: ZodImpl) =>
    z.string().min(1).describe('Namespace of the WorkflowRun'),
  parameters: (z: ZodImpl) =>
    z
      .record(z.unknown())
      .optional()
      .describe("Values for the workflow's parameter schema"),
  name: (z: ZodImpl) =>
    z.string().optional().describe('Name of the run (generated when absent)'),
  waitForCompletion: (z: ZodImpl) =>
    z
      .boolean()
      .optional()
      .describe('Wait until the run succeeds or fails (default false)'),
  timeoutSeconds: (z: ZodImpl) =>
    z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Longest wait, in seconds (default 3600)'),
  stopOnCancel: (z: ZodImpl) =>
    z
      .boolean()
      .optional()
      .describe(
        'Stop the run when the task is cancelled while waiting (default true)',
      ),
  cluster: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe('Configured cluster to use (default: the first)'),
};

/** The output of `openchoreo:workflow:run`. */
export const runWorkflowOutput = {
  runName: (z: ZodImpl) => z.string().describe('Name of the WorkflowRun'),
  runNamespace: (z: ZodImpl) =>
    z.string().describe('Namespace of the WorkflowRun'),
  status: (z: ZodImpl) =>
    z.string().describe('Pending, Running, Succeeded, Failed, or DryRun'),
  runUrl: (z: ZodImpl) =>
    z.string().describe('Link to the run page in Backstage'),
  outputs: (z: ZodImpl) =>
    z
      .record(z.string())
      .describe('Output parameters of the workflow (when waited for)'),
};
