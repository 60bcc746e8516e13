import { AdmissionContext, KubeObject, StatusCause } from '../types';

/**
 * Generation-aware admission for the OpenChoreo kinds: what the v1.x CRD defaults and webhooks do,
 * applied only to objects of that generation (one server hosts both generations side by side).
 *
 * How a generation is told:
 * - Workflow / ClusterWorkflow: `spec.schema` (shorthand) means v0.x, anything else is v1.x
 *   (ClusterWorkflow only exists in v1.x).
 * - WorkflowRun: a run that names `spec.workflow.kind` is v1.x. A run without it is v0.x when it
 *   carries the annotation `local.openchoreo.dev/api-generation: v0`, or when a namespaced
 *   Workflow of that name exists in the run's namespace and is itself v0.x (the v0.x CRD has no
 *   kind field, so such a run would have been stored as-is). Every other kind-less run is v1.x and
 *   gets the v1.x CRD default `kind: ClusterWorkflow` (SPEC §1.3), exactly like a real v1.x cluster.
 *
 * @public
 */
export const GENERATION_ANNOTATION = 'local.openchoreo.dev/api-generation';

const isObject = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export function workflowGeneration(workflow: KubeObject): 'v0' | 'v1' {
  const spec = (workflow as any).spec;
  return workflow.kind === 'Workflow' && isObject(spec) && isObject(spec.schema)
    ? 'v0'
    : 'v1';
}

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

const invalidValue = (
  field: string,
  value: unknown,
  message: string,
): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
  field,
});

function checkTemplate(
  template: unknown,
  field: string,
  generation: 'v0' | 'v1',
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!isObject(template)) return causes;
  if (!template.apiVersion) causes.push(required(`${field}.apiVersion`));
  if (!template.kind) causes.push(required(`${field}.kind`));
  else if (String(template.kind).includes('${')) {
    causes.push(
      invalidValue(
        `${field}.kind`,
        template.kind,
        'kind must be a literal, not an expression',
      ),
    );
  }
  const meta = template.metadata;
  if (!isObject(meta) || !meta.name)
    causes.push(required(`${field}.metadata.name`));
  if (
    generation === 'v1' &&
    (!isObject(meta) || meta.namespace !== '${metadata.namespace}')
  ) {
    causes.push(
      invalidValue(
        `${field}.metadata.namespace`,
        isObject(meta) ? meta.namespace ?? '' : '',
        'must be "${metadata.namespace}"',
      ),
    );
  }
  return causes;
}

function duplicateIds(list: unknown, field: string): StatusCause[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const causes: StatusCause[] = [];
  list.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) {
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: ${JSON.stringify(id)}`,
        field: `${field}[${i}].id`,
      });
    }
    seen.add(id);
  });
  return causes;
}

const immutable = (
  ctx: AdmissionContext,
  path: string[],
  field: string,
  message: string,
): StatusCause[] => {
  if (ctx.operation !== 'UPDATE' || !ctx.old) return [];
  const get = (o: unknown) =>
    path.reduce<any>((n, k) => (isObject(n) ? n[k] : undefined), o);
  const before = get(ctx.old);
  const after = get(ctx.object);
  if (before === undefined || JSON.stringify(before) === JSON.stringify(after))
    return [];
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "object": ${message}`,
      field,
    },
  ];
};

export function admitWorkflow(ctx: AdmissionContext): StatusCause[] {
  const obj = ctx.object as any;
  const spec = obj.spec;
  if (!isObject(spec)) return [];
  const generation = workflowGeneration(ctx.object);
  if (generation === 'v1') {
    if (!spec.workflowPlaneRef) {
      spec.workflowPlaneRef = { kind: 'ClusterWorkflowPlane', name: 'default' };
    }
    // The v1.x mutating webhook forces the service account of the rendered run.
    if (isObject(spec.runTemplate)) {
      spec.runTemplate.spec = isObject(spec.runTemplate.spec)
        ? spec.runTemplate.spec
        : {};
      spec.runTemplate.spec.serviceAccountName = 'workflow-sa';
    }
  }
  const causes = [
    ...checkTemplate(spec.runTemplate, 'spec.runTemplate', generation),
    ...duplicateIds(spec.resources, 'spec.resources'),
    ...duplicateIds(spec.externalRefs, 'spec.externalRefs'),
    ...immutable(
      ctx,
      ['spec', 'workflowPlaneRef'],
      'spec.workflowPlaneRef',
      'spec.workflowPlaneRef is immutable',
    ),
  ];
  if (Array.isArray(spec.resources)) {
    spec.resources.forEach((r: any, i: number) =>
      causes.push(
        ...checkTemplate(
          r?.template,
          `spec.resources[${i}].template`,
          generation,
        ),
      ),
    );
  }
  return causes;
}

export function runGeneration(
  run: KubeObject,
  lookup: AdmissionContext['lookup'],
): 'v0' | 'v1' {
  const workflow = (run as any).spec?.workflow;
  if (!isObject(workflow)) return 'v1';
  if (workflow.kind) return 'v1';
  if (run.metadata.annotations?.[GENERATION_ANNOTATION] === 'v0') return 'v0';
  if (run.metadata.annotations?.[GENERATION_ANNOTATION] === 'v1') return 'v1';
  const target =
    typeof workflow.name === 'string'
      ? lookup(
          'workflows',
          'openchoreo.dev',
          run.metadata.namespace,
          workflow.name,
        )
      : undefined;
  return target && workflowGeneration(target) === 'v0' ? 'v0' : 'v1';
}

export function admitWorkflowRun(ctx: AdmissionContext): StatusCause[] {
  const workflow = (ctx.object as any).spec?.workflow;
  if (!isObject(workflow)) return [];
  const oldKind = (ctx.old as any)?.spec?.workflow?.kind;
  if (ctx.operation === 'CREATE' && !workflow.kind) {
    if (runGeneration(ctx.object, ctx.lookup) === 'v1')
      workflow.kind = 'ClusterWorkflow';
  } else if (ctx.operation === 'UPDATE' && !workflow.kind && oldKind) {
    workflow.kind = oldKind; // the stored default survives a replace that omits it
  }
  return [
    ...immutable(
      ctx,
      ['spec', 'workflow', 'kind'],
      'spec.workflow.kind',
      'kind is immutable',
    ),
    ...immutable(
      ctx,
      ['spec', 'workflow', 'name'],
      'spec.workflow.name',
      'name is immutable',
    ),
  ];
}
