import { RenderError } from './errors';
import { firstUnencodable, isGoStrings } from './goTree';
import { goSprintV } from './goformat';
import {
  LABEL_MANAGED_BY,
  LABEL_WORKFLOWRUN,
  LABEL_WORKFLOWRUN_NAMESPACE,
  MANAGED_BY_VALUE,
  withLabels,
} from './postprocess';
import { RenderContext, RenderedResource } from './renderTypes';
import { RenderWarning } from './template';

type Json = Record<string, unknown>;

/**
 * The rendered run resource's namespace: OpenChoreo's controller retries
 * for ever when it or spec.serviceAccountName is missing, so both are a RenderError.
 */
export function runTargetNamespace(run: Json): string {
  const runMeta = (run.metadata ?? {}) as Json;
  const runNamespace = runMeta.namespace;
  if (typeof runNamespace !== 'string' || runNamespace === '') {
    throw new RenderError(
      'runTemplate: rendered run resource has no metadata.namespace (the controller would retry forever)',
      { location: 'runTemplate.metadata.namespace' },
    );
  }
  const spec = run.spec as Json | undefined;
  if (
    !spec ||
    typeof spec.serviceAccountName !== 'string' ||
    !spec.serviceAccountName
  ) {
    throw new RenderError(
      'runTemplate: rendered run resource has no spec.serviceAccountName (the controller would retry forever)',
      { location: 'runTemplate.spec.serviceAccountName' },
    );
  }
  return runNamespace;
}

/**
 * The run resource tied to its WorkflowRun: in the run's own namespace by an
 * ownerReference (when the uid is known), elsewhere by the ownership labels.
 */
export function withRunOwnership(
  run: Json,
  runNamespace: string,
  ctx: RenderContext,
): Json {
  if (runNamespace !== ctx.namespace)
    return withLabels(run, ownershipLabels(ctx));
  if (!ctx.uid) return run;
  return {
    ...run,
    metadata: {
      ...(run.metadata as Json),
      ownerReferences: [
        {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'WorkflowRun',
          name: ctx.runName,
          uid: ctx.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  };
}

/**
 * The controller sends the objects as JSON, which has no NaN or ±Inf: the
 * create fails and the run stays Pending (OpenChoreo logs `json: unsupported
 * value: NaN`). Argo arguments are text by then, so they may hold them.
 */
export function checkEncodable(run: Json, resources: RenderedResource[]) {
  const objects: Array<[string, Json]> = [
    ['runTemplate', run],
    ...resources.map((r): [string, Json] => [`resource ${r.id}`, r.object]),
  ];
  for (const [location, object] of objects) {
    const found = firstUnencodable(object);
    if (found) {
      const text = Number.isNaN(found.value)
        ? 'NaN'
        : `${found.value > 0 ? '+' : '-'}Inf`;
      throw new RenderError(
        `${location}: OpenChoreo cannot send the rendered object as JSON (json: unsupported value: ${text} at ${found.path}); the run would stay Pending`,
        { location },
      );
    }
  }
}

const GO_STRINGS_ARGUMENT =
  "OpenChoreo's controller prints this list or map with Go's %v, not as JSON (it JSON-encodes only []any and map[string]any, and the run's labels and a split() result are a map[string]string and a []string: internal/controller/workflowrun/controller.go:560-567)";

/** A warning for each Argo argument that the controller will print with %v. */
export function warnGoStringArguments(run: Json, warnings: RenderWarning[]) {
  const args = ((run.spec as Json | undefined)?.arguments as Json | undefined)
    ?.parameters;
  if (!Array.isArray(args)) return;
  args.forEach((arg, i) => {
    const value = (arg as Json | null)?.value;
    if (!isGoStrings(value)) return;
    const location = `runTemplate.spec.arguments.parameters[${i}].value`;
    warnings.push({
      message: `${GO_STRINGS_ARGUMENT}: ${goSprintV(value)} at ${location}`,
      location,
    });
  });
}

/** The labels that tie what a run created back to its WorkflowRun. */
export function ownershipLabels(ctx: RenderContext): Record<string, string> {
  return {
    [LABEL_WORKFLOWRUN]: ctx.runName,
    [LABEL_WORKFLOWRUN_NAMESPACE]: ctx.namespace,
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
  };
}
