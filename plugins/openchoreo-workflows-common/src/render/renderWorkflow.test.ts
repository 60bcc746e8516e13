import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { WorkflowResource } from '../model';
import { prepareParameters } from '../schema';
import { RenderError } from './errors';
import { renderWorkflowRun, resolveExternalRefTargets } from './renderWorkflow';
import {
  argoArguments,
  argoRunTemplate,
  renderError,
  v1Workflow,
} from './__testUtils__/workflows';
import { fixturesDir } from '../schema/__testUtils__/fixtures';
import {
  AWS_RDS_CREATE_DEFAULTS,
  dockerfileBuilderParameters,
} from '../schema/__testUtils__/sampleParameters';

function docs(file: string): any[] {
  const full = path.isAbsolute(file) ? file : path.join(fixturesDir(), file);
  return parseAllDocuments(fs.readFileSync(full, 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
}
const ofKind = (all: any[], kinds: string[]) =>
  all.find(d => kinds.includes(d.kind));
const workflowIn = (file: string): WorkflowResource =>
  ofKind(docs(file), ['Workflow', 'ClusterWorkflow']);
const runIn = (file: string) => ofKind(docs(file), ['WorkflowRun']);
const own = (name: string) => path.join(__dirname, '__fixtures__', name);

const ownership = (run: string, ns: string) => ({
  'openchoreo.dev/workflowrun': run,
  'openchoreo.dev/workflowrun-namespace': ns,
  'openchoreo.dev/managed-by': 'workflowrun-controller',
});

/** Renders `workflow` with `params` as the run `runName` in `namespace`. */
const renderAs = (
  workflow: WorkflowResource,
  params: unknown,
  runName: string,
  namespace = 'default',
) => renderWorkflowRun(workflow, params, { runName, namespace });

/** Argo arguments `[{ name, value }]` of `values`, in their order. */
const namedValues = (values: Record<string, unknown>) =>
  Object.entries(values).map(([name, value]) => ({ name, value }));

const argoParams = (run: Record<string, any>) =>
  Object.fromEntries(
    run.spec.arguments.parameters.map((p: any) => [p.name, p.value]),
  );

describe('renderWorkflow: v1.x samples', () => {
  it('github-stats-report ClusterWorkflow with its sample run', () => {
    const workflow = workflowIn(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    const run = docs('sample-github-stats-report-workflowrun.yaml')[0];
    const result = renderAs(
      workflow,
      run.spec.workflow.parameters,
      run.metadata.name,
    );
    expect(result.generation).toBe('v1');
    expect(result.workflowPlaneNamespace).toBe('workflows-default');
    expect(result.resources).toEqual([]);
    expect(result.run.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(result.run.kind).toBe('Workflow');
    expect(result.run.metadata).toEqual({
      name: 'github-stats-report-run-01',
      namespace: 'workflows-default',
      labels: ownership('github-stats-report-run-01', 'default'),
    });
    const spec = result.run.spec as any;
    expect(spec.arguments.parameters).toEqual(
      namedValues({
        org: 'openchoreo',
        repo: 'openchoreo',
        'output-format': 'table',
      }),
    );
    expect(spec.serviceAccountName).toBe('workflow-sa');
    expect(spec.workflowTemplateRef).toEqual({
      clusterScope: true,
      name: 'github-stats-report',
    });
  });

  it('uses the run namespace for the plane namespace, also for a ClusterWorkflow', () => {
    const workflow = workflowIn(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    const params = {
      source: { org: 'acme', repo: 'r' },
      output: { format: 'json' },
    };
    const result = renderAs(workflow, params, 'r1', 'team-a');
    expect((result.run.metadata as any).namespace).toBe('workflows-team-a');
    expect(argoParams(result.run)).toEqual({
      org: 'acme',
      repo: 'r',
      'output-format': 'json',
    });
  });

  it('forces serviceAccountName workflow-sa like the mutating webhook (v1.x)', () => {
    const workflow = workflowIn(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    const changed = JSON.parse(JSON.stringify(workflow));
    delete changed.spec.runTemplate.spec.serviceAccountName;
    const params = {
      source: { org: 'o', repo: 'r' },
      output: { format: 'table' },
    };
    const result = renderAs(changed, params, 'r1');
    expect((result.run.spec as any).serviceAccountName).toBe('workflow-sa');
  });

  it('scm-github-create-repo (multi-document file) with its sample run', () => {
    const all = docs('sample-scm-github-create-repo.yaml');
    const workflow = ofKind(all, ['ClusterWorkflow']);
    const run = ofKind(all, ['WorkflowRun']);
    const result = renderAs(
      workflow,
      run.spec.workflow.parameters,
      run.metadata.name,
    );
    expect(result.run.metadata).toEqual({
      name: 'scm-github-create-repo-run-01',
      namespace: 'workflows-default',
      labels: ownership('scm-github-create-repo-run-01', 'default'),
    });
    expect((result.run.spec as any).arguments.parameters).toEqual(
      namedValues({
        owner: 'my-org',
        'token-secret': 'github-token',
        'repo-name': 'my-new-repo',
        description: 'My new repository created via OpenChoreo workflow',
        visibility: 'private',
        'auto-init': 'true',
        'gitignore-template': '',
        'license-template': '',
      }),
    );
    expect((result.run.spec as any).workflowTemplateRef).toEqual({
      clusterScope: true,
      name: 'scm-github-create-repo',
    });
  });

  it('aws-rds-postgres-create namespaced Workflow with its sample run', () => {
    const file = 'sample-aws-rds-postgres-create.yaml';
    const workflow = workflowIn(file);
    const run = runIn(file);
    expect(workflow.kind).toBe('Workflow');
    const result = renderAs(
      workflow,
      run.spec.workflow.parameters,
      run.metadata.name,
    );
    expect((result.run.metadata as any).namespace).toBe('workflows-default');
    expect((result.run.metadata as any).name).toBe(
      'aws-rds-postgres-create-run',
    );
    expect(argoParams(result.run)).toEqual({
      'git-repo-url': 'https://github.com/openchoreo/openchoreo.git',
      'git-branch': 'main',
      'git-tf-path': 'samples/workflows/aws-rds-postgres/terraform',
      'aws-region': 'us-east-1',
      'credentials-secret': 'aws-rds-credentials',
      'tfstate-s3-bucket': 'openchoreo-rds-tfstate',
      'db-identifier': 'my-app-db',
      'db-name': 'myappdb',
      'db-username': 'dbadmin',
      'db-engine-version': '16',
    });
  });

  it('aws-rds-postgres-create: a parameter without value or default is a render error naming it', () => {
    const workflow = workflowIn('sample-aws-rds-postgres-create.yaml');
    // what defaulting gives for `{}`: every object has default {}, leaves without a default stay absent
    const error = renderError(() =>
      renderAs(workflow, AWS_RDS_CREATE_DEFAULTS, 'r'),
    );
    expect(error.expression).toBe('parameters.aws.credentialsSecret');
    expect(error.location).toBe(
      'runTemplate.spec.arguments.parameters[4].value',
    );
    expect(error.message).toMatch(/no such key/i);
  });

  describe('dockerfile-builder (component CI: labels, arrays, externalRefs, includeWhen)', () => {
    const workflow = workflowIn(
      'sample-dockerfile-builder-clusterworkflow.yaml',
    );
    const labels = {
      'openchoreo.dev/project': 'shop',
      'openchoreo.dev/component': 'cart',
    };
    const baseParams = dockerfileBuilderParameters(
      'https://github.com/acme/cart',
      [{ name: 'GOFLAGS', value: '-mod=vendor' }],
    );
    const ctx = {
      runName: 'cart-run-1',
      namespace: 'default',
      labels,
      workflowPlane: { secretStore: 'default-store' },
    };

    it('without a secretRef: externalRef skipped, git-secret excluded by includeWhen', () => {
      expect(resolveExternalRefTargets(workflow, baseParams, ctx)).toEqual([]);
      const result = renderWorkflowRun(workflow, baseParams, ctx);
      expect(result.run.metadata).toEqual({
        name: 'cart-run-1',
        namespace: 'workflows-default',
        labels: ownership('cart-run-1', 'default'),
      });
      expect(argoParams(result.run)).toEqual({
        'component-name': 'cart',
        'project-name': 'shop',
        'workflowrun-name': 'cart-run-1',
        'namespace-name': 'default',
        'git-repo': 'https://github.com/acme/cart',
        branch: 'main',
        commit: '',
        'app-path': '.',
        'docker-context': '.',
        'dockerfile-path': './Dockerfile',
        'build-env': '[{"name":"GOFLAGS","value":"-mod=vendor"}]',
        'build-args': '[]',
        'image-name': 'default-shop-cart',
        'image-tag': 'v1',
        'git-secret': 'cart-run-1-git-secret',
        'registry-push-secret': 'cart-run-1-registry-push-secret',
      });
      const spec = result.run.spec as any;
      expect(spec.serviceAccountName).toBe('workflow-sa');
      expect(spec.entrypoint).toBe('build-workflow');
      // Argo's own {{...}} syntax is left alone
      expect(spec.templates[0].steps[1][0].arguments.parameters[1].value).toBe(
        '{{workflow.parameters.build-env}}',
      );
      expect(result.resources.map(r => r.id)).toEqual(['registry-push-secret']);
      const secret = result.resources[0].object as any;
      expect(secret.kind).toBe('ExternalSecret');
      expect(secret.metadata).toEqual({
        name: 'cart-run-1-registry-push-secret',
        namespace: 'workflows-default',
        labels: ownership('cart-run-1', 'default'),
      });
      expect(secret.spec.secretStoreRef).toEqual({
        name: 'default-store',
        kind: 'ClusterSecretStore',
      });
      expect(secret.spec.target.template.data).toEqual({
        '.dockerconfigjson': '{{ .registrysecret | toString }}',
      });
    });

    it('with a secretRef: the resolved SecretReference feeds the git-secret resource', () => {
      const params = {
        ...baseParams,
        repository: {
          ...baseParams.repository,
          secretRef: 'my-git-credentials',
        },
      };
      expect(resolveExternalRefTargets(workflow, params, ctx)).toEqual([
        {
          id: 'git-secret-reference',
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'SecretReference',
          name: 'my-git-credentials',
          namespace: 'default',
        },
      ]);
      const secretRef = docs(own('secretreference-git.yaml'))[0];
      const result = renderWorkflowRun(workflow, params, {
        ...ctx,
        externalRefs: { 'git-secret-reference': secretRef },
      });
      expect(result.resources.map(r => r.id)).toEqual([
        'git-secret',
        'registry-push-secret',
      ]);
      const git = result.resources[0].object as any;
      expect(git.metadata).toEqual({
        name: 'cart-run-1-git-secret',
        namespace: 'workflows-default',
        labels: ownership('cart-run-1', 'default'),
      });
      expect(git.spec.target).toEqual({
        name: 'cart-run-1-git-secret',
        creationPolicy: 'Owner',
        template: { type: 'kubernetes.io/basic-auth' },
      });
      expect(git.spec.data).toEqual([
        {
          secretKey: 'username',
          remoteRef: { key: 'git/creds', property: 'username' },
        },
        { secretKey: 'password', remoteRef: { key: 'git/creds' } },
      ]);
    });

    it('with a secretRef but no resolved object: error at externalRefs[0].name', () => {
      const params = {
        ...baseParams,
        repository: { ...baseParams.repository, secretRef: 'missing' },
      };
      const error = renderError(() => renderWorkflowRun(workflow, params, ctx));
      expect(error.location).toBe('externalRefs[0].name');
      expect(error.message).toContain("SecretReference 'missing'");
    });
  });
});

describe('renderWorkflow: v0.x samples', () => {
  it('v0.17 github-stats-report: openchoreo-ci-<ns>', () => {
    const workflow = workflowIn(
      'sample-v0.17-github-stats-report-workflow.yaml',
    );
    const params = {
      source: { org: 'openchoreo', repo: 'openchoreo' },
      output: { format: 'table' },
    };
    const result = renderAs(workflow, params, 'gsr-1');
    expect(result.generation).toBe('v0');
    expect(result.workflowPlaneNamespace).toBe('openchoreo-ci-default');
    expect(result.run.metadata).toEqual({
      name: 'gsr-1',
      namespace: 'openchoreo-ci-default',
      labels: ownership('gsr-1', 'default'),
    });
    expect(argoParams(result.run)).toEqual({
      org: 'openchoreo',
      repo: 'openchoreo',
      'output-format': 'table',
    });
    expect((result.run.spec as any).serviceAccountName).toBe('workflow-sa');
  });

  it('v0.17 bulk-gitops-release: ternary in a block scalar, booleans as strings, resource namespace forced', () => {
    const workflow = workflowIn(
      'sample-v0.17-bulk-gitops-release-workflow.yaml',
    );
    const params = {
      scope: { all: false, projectName: 'shop' },
      gitops: {
        repositoryUrl: 'https://github.com/acme/gitops',
        branch: 'main',
        targetEnvironment: 'development',
        deploymentPipeline: 'default',
      },
    };
    const result = renderAs(workflow, params, 'bulk-1', 'acme');
    expect((result.run.metadata as any).namespace).toBe('openchoreo-ci-acme');
    expect(argoParams(result.run)).toEqual({
      'namespace-name': 'acme',
      'scope-all': 'false',
      'scope-project-name': 'shop',
      'gitops-repo-url': 'https://github.com/acme/gitops',
      'gitops-branch': 'main',
      'gitops-target-environment': 'development',
      'gitops-deployment-pipeline': 'default',
      'gitops-git-secret': 'bulk-1-gitops-git-secret',
    });
    expect(result.resources).toHaveLength(1);
    const secret = result.resources[0];
    expect(secret.id).toBe('gitops-git-secret');
    expect((secret.object as any).metadata).toEqual({
      name: 'bulk-1-gitops-git-secret',
      namespace: 'openchoreo-ci-acme',
      labels: ownership('bulk-1', 'acme'),
    });
    expect((secret.object as any).spec.data).toEqual([
      { secretKey: 'git-token', remoteRef: { key: 'gitops-token' } },
    ]);

    const all = renderWorkflowRun(
      workflow,
      { ...params, scope: { all: true, projectName: 'ignored' } },
      { runName: 'bulk-2', namespace: 'acme' },
    );
    expect(argoParams(all.run)['scope-all']).toBe('true');
    expect(argoParams(all.run)['scope-project-name']).toBe('');
  });

  it("the seed's example Workflow with the seed's WorkflowRun", () => {
    const workflow = docs(own('seed-generic-workflow-docker-build.yaml'))[0];
    const run = docs(own('seed-workflowrun-docker-build.yaml'))[0];
    // defaults applied: revision.commit "" (the run gives the rest)
    const params = JSON.parse(JSON.stringify(run.spec.workflow.parameters));
    params.repository.revision.commit = '';
    const result = renderAs(workflow, params, run.metadata.name);
    expect(result.generation).toBe('v0');
    expect(result.run.metadata).toEqual({
      name: 'generic-workflow-run-docker-build-01',
      namespace: 'openchoreo-ci-default',
      labels: ownership('generic-workflow-run-docker-build-01', 'default'),
    });
    expect((result.run.spec as any).arguments.parameters).toEqual(
      namedValues({
        'git-repo': 'https://github.com/openchoreo/sample-workloads',
        branch: 'main',
        commit: '',
        'app-path': '/service-go-greeter',
        'docker-context': '/service-go-greeter',
        'dockerfile-path': '/service-go-greeter/Dockerfile',
        'image-name': 'generic-workflow-image',
        'image-tag': 'v1',
      }),
    );
    expect((result.run.spec as any).workflowTemplateRef).toEqual({
      clusterScope: true,
      name: 'generic-workflow-docker-build',
    });
    expect(result.resources).toEqual([]);
  });

  it('exposes the legacy metadata.orgName in v0 and no workflowplane', () => {
    const workflow: any = docs(
      own('seed-generic-workflow-docker-build.yaml'),
    )[0];
    workflow.spec.runTemplate.metadata.labels = { org: '${metadata.orgName}' };
    const params = {
      repository: {
        url: 'u',
        revision: { branch: 'b', commit: '' },
        appPath: '.',
      },
      docker: { context: '.', filePath: 'f' },
    };
    const result = renderAs(workflow, params, 'r', 'ns1');
    expect((result.run.metadata as any).labels.org).toBe('ns1');
    workflow.spec.runTemplate.metadata.labels = {
      s: '${workflowplane.secretStore}',
    };
    expect(() =>
      renderWorkflowRun(workflow, params, { runName: 'r', namespace: 'ns1' }),
    ).toThrow(RenderError);
  });
});

describe('renderWorkflow after prepareParameters (defaults from the schema)', () => {
  it.each([
    [
      'sample-github-stats-report-clusterworkflow.yaml',
      'sample-github-stats-report-workflowrun.yaml',
    ],
    [
      'sample-scm-github-create-repo.yaml',
      'sample-scm-github-create-repo.yaml',
    ],
    [
      'sample-aws-rds-postgres-create.yaml',
      'sample-aws-rds-postgres-create.yaml',
    ],
  ])('%s renders its sample run without errors', (workflowFile, runFile) => {
    const workflow = workflowIn(workflowFile);
    const run = runIn(runFile);
    const prepared = prepareParameters(workflow, run.spec.workflow.parameters);
    expect(prepared.errors).toEqual([]);
    const result = renderAs(workflow, prepared.parameters, run.metadata.name);
    expect((result.run.metadata as any).namespace).toBe('workflows-default');
  });

  it('github-stats-report with no parameters renders the schema defaults', () => {
    const workflow = workflowIn(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    const prepared = prepareParameters(workflow, {});
    expect(prepared.errors).toEqual([]);
    const result = renderAs(workflow, prepared.parameters, 'r', 'n');
    expect(argoParams(result.run)).toEqual({
      org: 'openchoreo',
      repo: 'openchoreo',
      'output-format': 'table',
    });
  });

  it("the seed's Workflow (v0 shorthand) with the seed's run: commit defaults to ''", () => {
    const workflow = docs(own('seed-generic-workflow-docker-build.yaml'))[0];
    const run = docs(own('seed-workflowrun-docker-build.yaml'))[0];
    const prepared = prepareParameters(workflow, run.spec.workflow.parameters);
    expect(prepared.errors).toEqual([]);
    const result = renderAs(workflow, prepared.parameters, run.metadata.name);
    expect(argoParams(result.run).commit).toBe('');
    expect((result.run.metadata as any).namespace).toBe(
      'openchoreo-ci-default',
    );
  });
});

describe('renderWorkflow: rules and errors', () => {
  // count is an int: a whole-number default the run leaves out (the run's
  // own numbers are doubles, as in OpenChoreo).
  const base = (
    overrides: Record<string, unknown> = {},
    args = [
      { name: 'count', value: '${parameters.count + 1}' },
      { name: 'ratio', value: '${parameters.ratio}' },
      { name: 'flag', value: '${parameters.flag}' },
      { name: 'obj', value: '${parameters.obj}' },
      { name: 'opt', value: "${parameters.?missing.orValue('fallback')}" },
    ] as Array<{ name: string; value: unknown }>,
  ): WorkflowResource =>
    v1Workflow(
      { count: { type: 'integer', default: 41 } },
      argoArguments(args),
      { name: 'wf', spec: overrides },
    );
  const params = { ratio: 0.25, flag: true, obj: { b: 'x', a: 1 } };
  const render = (
    workflow: WorkflowResource,
    context: Partial<Parameters<typeof renderWorkflowRun>[2]> = {},
  ) =>
    renderWorkflowRun(workflow, params, {
      runName: 'r',
      namespace: 'default',
      ...context,
    });

  it('passes a default integer as a CEL int and stringifies Argo parameter values', () => {
    const result = render(base());
    expect(argoParams(result.run)).toEqual({
      count: '42',
      ratio: '0.25',
      flag: 'true',
      obj: '{"a":1,"b":"x"}',
      opt: 'fallback',
    });
  });

  it('prints doubles in Argo arguments with %v and ints with %d, as the controller does', () => {
    const workflow = base({}, [
      { name: 'double', value: '${double(parameters.count) * 30103.0}' },
      { name: 'int', value: '${parameters.count * 30103}' },
      { name: 'literal', value: 1234567 }, // a number in the template is a float64 in Go
      { name: 'inside', value: 'n=${1234567.0}' },
    ]);
    const result = render(workflow);
    expect(argoParams(result.run)).toEqual({
      double: '1.234223e+06',
      int: '1234223',
      literal: '1.234567e+06',
      inside: 'n=1.234567e+06',
    });
    expect(result.warnings).toEqual([]);
  });

  it('fails like the controller when a NaN or an infinity lands outside the Argo arguments', () => {
    const workflow = base({}, [{ name: 'nan', value: "${double('NaN')}" }]);
    const ok = render(workflow);
    expect(argoParams(ok.run)).toEqual({ nan: 'NaN' });
    (workflow.spec.runTemplate as any).spec.parallelism = '${1.0 / 0.0}';
    expect(() => render(workflow)).toThrow(
      'runTemplate: OpenChoreo cannot send the rendered object as JSON (json: unsupported value: +Inf at spec.parallelism); the run would stay Pending',
    );
  });

  it('prints a split() result and the run labels with %v as Argo arguments, as the controller does, and says so', () => {
    const workflow = base({}, [
      { name: 'split', value: "${'a,b'.split(',')}" },
      { name: 'mapped', value: "${'a,b'.split(',').map(x, x)}" },
      { name: 'nested', value: "${['a,b'.split(',')]}" },
      { name: 'labels', value: '${metadata.labels}' },
    ]);
    const result = render(workflow, { labels: { team: 'payments' } });
    expect(argoParams(result.run)).toEqual({
      split: '[a b]',
      mapped: '["a","b"]',
      nested: '[["a","b"]]',
      labels: 'map[team:payments]',
    });
    expect(result.warnings.map(w => w.location)).toEqual([
      'runTemplate.spec.arguments.parameters[0].value',
      'runTemplate.spec.arguments.parameters[3].value',
    ]);
    expect(result.warnings[0].message).toMatch(
      /^OpenChoreo's controller prints this list or map with Go's %v, not as JSON .*: \[a b\] at runTemplate\.spec\.arguments\.parameters\[0\]\.value$/,
    );
  });

  it('keeps a split() result a []string through `+` with an empty list, as cel-go returns the other operand itself', () => {
    const workflow = base();
    (workflow.spec.runTemplate as any).spec.arguments.parameters = [
      { name: 'left', value: "${[] + 'Hello World'.split(',')}" },
      { name: 'right', value: "${'a b'.split(' ') + dyn([])}" },
      { name: 'both', value: "${'a'.split(',') + 'b'.split(',')}" },
      { name: 'literal', value: "${[] + ['a', 'b']}" },
      { name: 'omitInText', value: 'x=${[1, 2] + [[1], oc_omit()]}/' },
      { name: 'omitted', value: '${[1, 2] + [[1], oc_omit()]}' },
      { name: 'conditional', value: "${true ? 'a b'.split(' ') : []}" },
      { name: 'dyn', value: "${dyn('a b'.split(' '))}" },
      { name: 'optional', value: "${optional.of('a b'.split(' ')).value()}" },
      { name: 'index', value: "${['a b'.split(' ')][0]}" },
    ];
    const result = renderWorkflowRun(workflow, params, {
      runName: 'r',
      namespace: 'default',
    });
    // Two non-empty lists make a new list (cel-go's concatList, a []any): JSON.
    expect(argoParams(result.run)).toEqual({
      left: '[Hello World]',
      right: '[a b]',
      both: '["a","b"]',
      literal: '["a","b"]',
      // The concatenation holds the omit sentinel itself (concatList.Value):
      // printed into text as {}, pruned from a whole value (differential
      // test, case s1-b5-2621).
      omitInText: 'x=[1,2,[1],{}]/',
      omitted: '[1,2,[1]]',
      // Handed on unchanged, it is still the []string.
      conditional: '[a b]',
      dyn: '[a b]',
      optional: '[a b]',
      index: '[a b]',
    });
    expect(result.warnings.map(w => w.location)).toEqual(
      [0, 1, 6, 7, 8, 9].map(
        i => `runTemplate.spec.arguments.parameters[${i}].value`,
      ),
    );
  });

  it('leaves metadata.labels out of oc_merge as OpenChoreo does, and says so', () => {
    const workflow = base({}, [
      { name: 'labels', value: "${oc_merge(metadata.labels, {'extra': 'x'})}" },
      { name: 'plain', value: "${oc_merge({'a': 'b'}, {'extra': 'x'})}" },
    ]);
    const result = render(workflow, { labels: { team: 'payments' } });
    expect(argoParams(result.run)).toEqual({
      labels: '{"extra":"x"}',
      plain: '{"a":"b","extra":"x"}',
    });
    expect(result.warnings).toEqual([
      {
        message:
          "OpenChoreo's oc_merge leaves out metadata.labels (it merges only maps it holds as map[string]any or as CEL maps, and the run's labels are a map[string]string: internal/template/custom_functions.go:263-289): `${oc_merge(metadata.labels, {'extra': 'x'})}` at runTemplate.spec.arguments.parameters[0].value",
        expression: "${oc_merge(metadata.labels, {'extra': 'x'})}",
        location: 'runTemplate.spec.arguments.parameters[0].value',
      },
    ]);
  });

  it('removes an item holding type(oc_omit()) as OpenChoreo does, and says so', () => {
    const workflow = base({}, [
      { name: 'types', value: '${[null, oc_omit()].map(x, type(x))}' },
    ]);
    const result = render(workflow);
    expect(argoParams(result.run)).toEqual({ types: '["null_type"]' });
    expect(result.warnings).toEqual([
      {
        message:
          'OpenChoreo takes type(oc_omit()) for oc_omit() itself and removes the field or item holding it (its omit marker converts to itself whatever the type asked: internal/template/custom_functions.go:72-74): `${[null, oc_omit()].map(x, type(x))}` at runTemplate.spec.arguments.parameters[0].value',
        expression: '${[null, oc_omit()].map(x, type(x))}',
        location: 'runTemplate.spec.arguments.parameters[0].value',
      },
    ]);
  });

  it('uses an ownerReference instead of labels when the run lands in its own namespace', () => {
    const result = render(base(), {
      workflowPlaneNamespace: 'default',
      uid: 'u-1',
    });
    const metadata = result.run.metadata as any;
    expect(metadata.labels).toBeUndefined();
    expect(metadata.ownerReferences).toEqual([
      {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        name: 'r',
        uid: 'u-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('includes resources by includeWhen, skips empty or "-" names, forces the namespace', () => {
    const cm = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'elsewhere' },
    });
    const workflow = base({
      resources: [
        { id: 'yes', includeWhen: '${parameters.flag}', template: cm('a') },
        { id: 'no', includeWhen: '${!parameters.flag}', template: cm('b') },
        { id: 'dash', template: cm('-${parameters.?none.orValue("")}suffix') },
        { id: 'always', template: cm('c') },
      ],
    });
    const result = render(workflow);
    expect(
      result.resources.map(r => [r.id, (r.object.metadata as any).namespace]),
    ).toEqual([
      ['yes', 'workflows-default'],
      ['always', 'workflows-default'],
    ]);
  });

  it('an empty rendered name fails validation before the skip rule (as in the pipeline code)', () => {
    const workflow = base({
      resources: [
        {
          id: 'empty',
          template: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: '${parameters.?none.orValue("")}' },
          },
        },
      ],
    });
    const error = renderError(() => render(workflow));
    expect(error.location).toBe('resources[0].template');
  });

  it('rejects an includeWhen that is not a bool', () => {
    const workflow = base({
      resources: [
        { id: 'x', includeWhen: '${parameters.count}', template: {} },
      ],
    });
    const error = renderError(() => render(workflow));
    expect(error.location).toBe('resources[0].includeWhen');
    expect(error.message).toMatch(
      /includeWhen must evaluate to boolean, got (string|int64|float64|map)/,
    );
  });

  it('requires apiVersion, kind and metadata.name on rendered objects', () => {
    const workflow = base({
      resources: [
        {
          id: 'x',
          template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
        },
      ],
    });
    const error = renderError(() => render(workflow));
    expect(error.location).toBe('resources[0].template');
    expect(error.message).toContain('missing metadata.name');
  });

  it('v0: a run resource without serviceAccountName or namespace is an error (the controller would retry forever)', () => {
    const workflow: any = docs(
      own('seed-generic-workflow-docker-build.yaml'),
    )[0];
    const params0 = {
      repository: {
        url: 'u',
        revision: { branch: 'b', commit: '' },
        appPath: '.',
      },
      docker: { context: '.', filePath: 'f' },
    };
    delete workflow.spec.runTemplate.spec.serviceAccountName;
    expect(
      renderError(() =>
        renderWorkflowRun(workflow, params0, { runName: 'r', namespace: 'd' }),
      ).location,
    ).toBe('runTemplate.spec.serviceAccountName');
    workflow.spec.runTemplate.spec.serviceAccountName = 'workflow-sa';
    delete workflow.spec.runTemplate.metadata.namespace;
    expect(
      renderError(() =>
        renderWorkflowRun(workflow, params0, { runName: 'r', namespace: 'd' }),
      ).location,
    ).toBe('runTemplate.metadata.namespace');
  });

  it('needs a run name and namespace', () => {
    expect(() =>
      renderWorkflowRun(base(), params, { runName: '', namespace: 'd' }),
    ).toThrow('run name');
  });
});

describe('renderWorkflow: keys from the workflow never reach a prototype', () => {
  const workflow = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'default' },
    spec: {
      externalRefs: [
        {
          id: '__proto__',
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'SecretReference',
          name: 's',
        },
      ],
      runTemplate: argoRunTemplate(
        argoArguments([
          { name: 'refs', value: '${size(externalRefs)}' },
          { name: 'type', value: "${externalRefs['__proto__'].spec.type}" },
        ]),
      ),
    },
  } as unknown as WorkflowResource;
  const ctx = { runName: 'r', namespace: 'default' };

  it('an externalRef with the id __proto__ is an own variable', () => {
    const externalRefs = JSON.parse(
      '{"__proto__": {"spec": {"type": "basic"}}}',
    );
    const result = renderWorkflowRun(workflow, {}, { ...ctx, externalRefs });
    expect(argoParams(result.run)).toEqual({ refs: '1', type: 'basic' });
  });

  it('an unresolved __proto__ externalRef is reported, not read from Object.prototype', () => {
    const error = renderError(() =>
      renderWorkflowRun(workflow, {}, { ...ctx, externalRefs: {} }),
    );
    expect(error.location).toBe('externalRefs[0].name');
  });
});
