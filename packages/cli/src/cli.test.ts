import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const BIN = path.resolve(__dirname, '../bin/openchoreo-workflows');

/** shared/openchoreo/fixtures, found by walking up from here (CI clones elsewhere). */
function fixture(name: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'shared', 'openchoreo', 'fixtures');
    if (fs.existsSync(candidate)) return path.join(candidate, name);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('shared/openchoreo/fixtures not found');
    dir = parent;
  }
}

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let tmp: string;
const tempFile = (name: string, content: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-cli-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

jest.setTimeout(120_000);

describe('openchoreo-workflows (spawned bin)', () => {
  const statsWorkflow = fixture(
    'sample-github-stats-report-clusterworkflow.yaml',
  );
  const statsRun = fixture('sample-github-stats-report-workflowrun.yaml');
  const scm = fixture('sample-scm-github-create-repo.yaml');

  it('schema: prints the JSON Schema of a v1 workflow', () => {
    const r = run('schema', statsWorkflow);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(schema.properties.output.properties.format.enum).toEqual([
      'table',
      'json',
    ]);
  });

  it('schema: converts a v0 shorthand schema', () => {
    const r = run(
      'schema',
      fixture('sample-v0.17-bulk-gitops-release-workflow.yaml'),
    );
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.scope.properties.all).toMatchObject({
      type: 'boolean',
      default: false,
    });
    expect(schema.properties.gitops.required).toEqual(
      expect.arrayContaining(['repositoryUrl', 'deploymentPipeline']),
    );
  });

  it('schema: picks one workflow with --name, needs it when there are several, errors when absent', () => {
    const two = tempFile(
      'two.yaml',
      `${fs.readFileSync(statsWorkflow, 'utf8')}\n---\n${fs
        .readFileSync(statsWorkflow, 'utf8')
        .replace('name: github-stats-report\n', 'name: other\n')}`,
    );
    const ambiguous = run('schema', two);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain(
      'several workflows (github-stats-report, other)',
    );
    expect(ambiguous.stderr).toContain('--name');
    expect(run('schema', two, '--name', 'other').code).toBe(0);
    const missing = run('schema', two, '--name', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "no Workflow or ClusterWorkflow named 'nope'",
    );
    const none = run('schema', statsRun);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'no openchoreo.dev Workflow or ClusterWorkflow found',
    );
  });

  it('schema: a bad schema exits 1 naming the field and why', () => {
    const bad = tempFile(
      'bad-schema.yaml',
      `apiVersion: openchoreo.dev/v1alpha1
kind: Workflow
metadata: {name: bad, namespace: default}
spec:
  schema:
    parameters:
      replicas: integer | minimum=notanumber
  runTemplate: {apiVersion: v1, kind: X, metadata: {name: x}}
`,
    );
    const r = run('schema', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^replicas: .+/m);
  });

  it('schema: unreadable file and invalid YAML exit 1', () => {
    const missing = run('schema', path.join(tmp, 'nope.yaml'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const broken = run('schema', tempFile('broken.yaml', 'a: [1, 2\n'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('invalid YAML');
  });

  it('validate: prints defaulted parameters (JSON params, WorkflowRun, multi-document sample)', () => {
    const r = run(
      'validate',
      statsWorkflow,
      '--params',
      tempFile('p.json', '{}'),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      source: { org: 'openchoreo', repo: 'openchoreo' },
      output: { format: 'table' },
    });
    const fromRun = run('validate', statsWorkflow, '--params', statsRun);
    expect(fromRun.code).toBe(0);
    expect(JSON.parse(fromRun.stdout).source.org).toBe('openchoreo');
    const sample = run('validate', scm, '--params', scm);
    expect(sample.code).toBe(0);
    expect(JSON.parse(sample.stdout).repo.name).toBe('my-new-repo');
  });

  it('validate: invalid parameters exit 1 with one "<path>: <message>" line each', () => {
    const params = tempFile(
      'bad.yaml',
      'repo:\n  visibility: secret\ngithub:\n  owner: 5\n',
    );
    const r = run('validate', scm, '--params', params);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n').sort();
    expect(lines).toEqual([
      'github.owner: must be a string',
      'repo.visibility: must be one of: public, private',
    ]);
  });

  it('validate: a v0 required field without default is reported by its path', () => {
    const r = run(
      'validate',
      fixture('sample-v0.17-bulk-gitops-release-workflow.yaml'),
      '--params',
      tempFile(
        'v0.yaml',
        'scope: {projectName: p}\ngitops: {repositoryUrl: u}\n',
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gitops.deploymentPipeline: is required');
  });

  it('validate: usage errors exit 2', () => {
    const r = run('validate', statsWorkflow);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "required option '--params <file>' not specified",
    );
    expect(run('nonsense').code).toBe(2);
  });

  it('render: YAML by default, the run resource first', () => {
    const r = run(
      'render',
      scm,
      '--params',
      scm,
      '--run-name',
      'repo-run-1',
      '--namespace',
      'acme',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const objects = parseAllDocuments(r.stdout).map(d => d.toJS());
    expect(objects).toHaveLength(1);
    const [wf] = objects;
    expect(wf.kind).toBe('Workflow');
    expect(wf.metadata).toEqual({
      name: 'repo-run-1',
      namespace: 'workflows-acme',
      labels: {
        'openchoreo.dev/workflowrun': 'repo-run-1',
        'openchoreo.dev/workflowrun-namespace': 'acme',
        'openchoreo.dev/managed-by': 'workflowrun-controller',
      },
    });
    expect(wf.spec.arguments.parameters[2]).toEqual({
      name: 'repo-name',
      value: 'my-new-repo',
    });
    expect(wf.spec.serviceAccountName).toBe('workflow-sa');
  });

  it('render: JSON array with resources, labels and externalRefs from --ref', () => {
    const secretRef = tempFile(
      'secretref.yaml',
      `apiVersion: openchoreo.dev/v1alpha1
kind: SecretReference
metadata: {name: creds, namespace: default}
spec:
  template: {type: kubernetes.io/basic-auth}
  data:
    - {secretKey: password, remoteRef: {key: git/creds, property: password}}
`,
    );
    const params = tempFile(
      'ci.yaml',
      'repository:\n  url: https://github.com/acme/cart\n  secretRef: creds\n',
    );
    const r = run(
      'render',
      fixture('sample-dockerfile-builder-clusterworkflow.yaml'),
      '--params',
      params,
      '--run-name',
      'cart-1',
      '--namespace',
      'default',
      '--label',
      'openchoreo.dev/project=shop',
      '--label',
      'openchoreo.dev/component=cart',
      '--secret-store',
      'store',
      '--ref',
      secretRef,
      '--output',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const objects = JSON.parse(r.stdout);
    expect(objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Workflow/cart-1',
      'ExternalSecret/cart-1-git-secret',
      'ExternalSecret/cart-1-registry-push-secret',
    ]);
    const params0 = Object.fromEntries(
      objects[0].spec.arguments.parameters.map((p: any) => [p.name, p.value]),
    );
    expect(params0['image-name']).toBe('default-shop-cart');
    expect(objects[1].spec.target.template.type).toBe(
      'kubernetes.io/basic-auth',
    );
    expect(objects[1].spec.secretStoreRef.name).toBe('store');
    expect(objects[2].metadata.namespace).toBe('workflows-default');
  });

  it('render: v0 workflow lands in openchoreo-ci-<ns>; nested shorthand objects are required', () => {
    const v0 = fixture('sample-v0.17-github-stats-report-workflow.yaml');
    const empty = run(
      'render',
      v0,
      '--params',
      tempFile('empty.yaml', ''),
      '--run-name',
      'r',
      '--namespace',
      'team',
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr.trim().split('\n').sort()).toEqual([
      'output: is required',
      'source: is required',
    ]);
    const r = run(
      'render',
      v0,
      '--params',
      tempFile('objs.yaml', 'source: {}\noutput: {}\n'),
      '--run-name',
      'r',
      '--namespace',
      'team',
      '--output',
      'json',
    );
    expect(r.code).toBe(0);
    const [wf] = JSON.parse(r.stdout);
    expect(wf.metadata.namespace).toBe('openchoreo-ci-team');
    expect(wf.spec.arguments.parameters).toEqual([
      { name: 'org', value: 'openchoreo' },
      { name: 'repo', value: 'openchoreo' },
      { name: 'output-format', value: 'table' },
    ]);
  });

  it('render: a render error exits 1 naming the expression and the reason', () => {
    const r = run(
      'render',
      fixture('sample-dockerfile-builder-clusterworkflow.yaml'),
      '--params',
      tempFile('ci2.yaml', 'repository:\n  url: u\n  secretRef: nowhere\n'),
      '--run-name',
      'r',
      '--namespace',
      'default',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('render error: ');
    expect(r.stderr).toContain(
      "externalRefs[0].name: externalRef 'git-secret-reference'",
    );

    const wf = tempFile(
      'expr.yaml',
      `apiVersion: openchoreo.dev/v1alpha1
kind: ClusterWorkflow
metadata: {name: e}
spec:
  parameters:
    openAPIV3Schema: {type: object, properties: {n: {type: integer, default: 1}}}
  runTemplate:
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: '\${metadata.workflowRunName}', namespace: '\${metadata.namespace}'}
    spec:
      arguments:
        parameters:
          - {name: n, value: '\${parameters.n + 1}'}
          - {name: m, value: '\${parameters.missing}'}
`,
    );
    // PARAMS are the run's: 41 written there is a double, as in OpenChoreo (issue 11).
    const d = run(
      'render',
      wf,
      '--params',
      tempFile('n.json', '{"n": 41}'),
      '--run-name',
      'r',
      '--namespace',
      'd',
    );
    expect(d.code).toBe(1);
    expect(d.stderr).toContain(
      'render error: OpenChoreo cannot render this run: `parameters.n + 1`: no such overload (at runTemplate.spec.arguments.parameters[0].value)',
    );
    // Left out, n is the default: an int, and the next expression fails.
    const e = run(
      'render',
      wf,
      '--params',
      tempFile('none.json', '{}'),
      '--run-name',
      'r',
      '--namespace',
      'd',
    );
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(
      'runTemplate.spec.arguments.parameters[1].value',
    );
    expect(e.stderr).toContain('`parameters.missing`');
    expect(e.stderr).toMatch(/no such key/i);
  });

  it("render: writes what OpenChoreo writes and warns where it surprises (a null as NULL_VALUE, oc_merge leaving out the run's labels)", () => {
    const wf = tempFile(
      'warn.yaml',
      `apiVersion: openchoreo.dev/v1alpha1
kind: ClusterWorkflow
metadata: {name: w}
spec:
  parameters:
    openAPIV3Schema: {type: object, properties: {d: {type: string, nullable: true}}}
  runTemplate:
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: '\${metadata.workflowRunName}', namespace: '\${metadata.namespace}'}
    spec:
      arguments:
        parameters:
          - {name: d, value: '\${parameters.d}'}
          - {name: l, value: "\${oc_merge(metadata.labels, {'x': 'y'})}"}
`,
    );
    const r = run(
      'render',
      wf,
      '--params',
      tempFile('d.json', '{"d": null}'),
      '--run-name',
      'r',
      '--namespace',
      'd',
      '--label',
      'team=a',
      '--output',
      'json',
    );
    expect(r.code).toBe(0);
    const [object] = JSON.parse(r.stdout);
    expect(object.spec.arguments.parameters).toEqual([
      { name: 'd', value: 'NULL_VALUE' },
      { name: 'l', value: '{"x":"y"}' },
    ]);
    expect(r.stderr.trim().split('\n')).toEqual([
      'warning: OpenChoreo writes this null as NULL_VALUE (its CEL engine hands a null on as a protobuf NullValue, which its controller prints with %v): `${parameters.d}` at runTemplate.spec.arguments.parameters[0].value',
      "warning: OpenChoreo's oc_merge leaves out metadata.labels (it merges only maps it holds as map[string]any or as CEL maps, and the run's labels are a map[string]string: internal/template/custom_functions.go:263-289): `${oc_merge(metadata.labels, {'x': 'y'})}` at runTemplate.spec.arguments.parameters[1].value",
    ]);
  });

  it('render: invalid parameters exit 1 before rendering; bad --label and --output are usage errors', () => {
    const r = run(
      'render',
      scm,
      '--params',
      tempFile('v.yaml', 'repo: {visibility: nope}\n'),
      '--run-name',
      'r',
      '--namespace',
      'd',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'repo.visibility: must be one of: public, private',
    );
    const label = run(
      'render',
      scm,
      '--params',
      scm,
      '--run-name',
      'r',
      '--namespace',
      'd',
      '--label',
      'novalue',
    );
    expect(label.code).toBe(2);
    expect(label.stderr).toContain('--label expects key=value');
    const output = run(
      'render',
      scm,
      '--params',
      scm,
      '--run-name',
      'r',
      '--namespace',
      'd',
      '--output',
      'xml',
    );
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('xml');
  });

  it('render: stops a workflow whose CEL takes for ever at --timeout-ms, and renders replace as Go does', () => {
    const ten = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
    let expensive = 'true';
    for (let i = 10; i > 0; i--) expensive = `${ten}.all(v${i}, ${expensive})`;
    const workflow = (value: string) =>
      tempFile(
        'slow.yaml',
        `apiVersion: openchoreo.dev/v1alpha1
kind: Workflow
metadata: {name: slow, namespace: default}
spec:
  runTemplate:
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {name: '\${metadata.workflowRunName}', namespace: '\${metadata.namespace}'}
    spec:
      arguments:
        parameters:
          - {name: v, value: "${value}"}
`,
      );
    const params = tempFile('none.json', '{}');
    const slow = run(
      'render',
      workflow(`\${${expensive}}`),
      '--params',
      params,
      '--run-name',
      'r',
      '--namespace',
      'default',
      '--timeout-ms',
      '1000',
      '--output',
      'json',
    );
    expect(slow.code).toBe(1);
    expect(slow.stdout).toBe('');
    expect(slow.stderr).toBe(
      `error: rendering Workflow default/slow took longer than 1000 ms (limit --timeout-ms); check the expression \`${expensive}\`\n`,
    );
    // Looped for ever before: Go's strings.Replace returns at once.
    const replaced = run(
      'render',
      workflow(
        "${'x'.replace('', '', 9223372036854775807)}-${'ab'.replace('', '_')}",
      ),
      '--params',
      params,
      '--run-name',
      'r',
      '--namespace',
      'default',
      '--output',
      'json',
    );
    expect(replaced.stderr).toBe('');
    expect(
      JSON.parse(replaced.stdout)[0].spec.arguments.parameters[0].value,
    ).toBe('x-_a_b_');
    const usage = run(
      'validate',
      workflow('v'),
      '--params',
      params,
      '--timeout-ms',
      'soon',
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      "--timeout-ms expects a positive whole number of milliseconds, got 'soon'",
    );
  });

  it('--help exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('render');
  });
});
