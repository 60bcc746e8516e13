import { WorkflowResource } from '../model';
import { evaluateRun } from './evaluateRun';
import { argoArguments, v1Workflow } from '../render/__testUtils__/workflows';

const workflow = (spec: Record<string, unknown> = {}): WorkflowResource =>
  v1Workflow(
    { branch: { type: 'string', default: 'main', pattern: '^[a-z]+$' } },
    argoArguments([{ name: 'branch', value: '${parameters.branch}' }]),
    { name: 'build', spec },
  );

const context = { runName: 'r1', namespace: 'default' };

describe('evaluateRun', () => {
  it('defaults, validates and renders, as plain data', () => {
    const result = evaluateRun({
      workflow: workflow(),
      parameters: {},
      context,
    });
    expect(result.errors).toEqual([]);
    expect(result.parameters).toEqual({ branch: 'main' });
    expect(result.rendered?.run).toMatchObject({
      metadata: { name: 'r1', namespace: 'workflows-default' },
      spec: { arguments: { parameters: [{ name: 'branch', value: 'main' }] } },
    });
    // It crosses to and from a worker thread unchanged.
    expect(structuredClone(result)).toEqual(result);
  });

  it('renders nothing when the parameters are invalid, or when asked to validate only', () => {
    const invalid = evaluateRun({
      workflow: workflow(),
      parameters: { branch: 'Main!' },
      context,
    });
    expect(invalid.errors).toEqual([
      { path: 'branch', message: 'must match the pattern ^[a-z]+$' },
    ]);
    expect(invalid.rendered).toBeUndefined();
    const validated = evaluateRun({
      workflow: workflow(),
      parameters: {},
      context,
      validateOnly: true,
    });
    expect(validated).toEqual({
      parameters: { branch: 'main' },
      runParameters: {},
      errors: [],
      warnings: [],
    });
  });

  it('gives a render problem as renderError with its expression and location', () => {
    const broken = workflow();
    (broken.spec.runTemplate as any).metadata.labels = {
      x: '${parameters.branch.nope()}',
    };
    const result = evaluateRun({ workflow: broken, parameters: {}, context });
    expect(result.rendered).toBeUndefined();
    expect(result.renderError).toMatchObject({
      expression: 'parameters.branch.nope()',
      location: 'runTemplate.metadata.labels.x',
    });
  });

  it('finds externalRefs among the referenceable objects by kind and name', () => {
    const withRef = workflow({
      externalRefs: [
        {
          id: 'git',
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'SecretReference',
          name: '${parameters.branch}-secret',
        },
      ],
    });
    (withRef.spec.runTemplate as any).metadata.labels = {
      store: '${externalRefs.git.spec.store}',
    };
    const secret = {
      kind: 'SecretReference',
      metadata: { name: 'main-secret' },
      spec: { store: 'vault' },
    };
    const result = evaluateRun({
      workflow: withRef,
      parameters: {},
      context,
      referenceableObjects: [{ kind: 'Other' }, secret],
    });
    expect(result.rendered?.run).toMatchObject({
      metadata: { labels: { store: 'vault' } },
    });
    const missing = evaluateRun({
      workflow: withRef,
      parameters: {},
      context,
      referenceableObjects: [{ kind: 'Other' }],
    });
    expect(missing.renderError?.location).toBe('externalRefs[0].name');
  });
});
