import { fieldErrors } from './__testUtils__/fieldErrors';
import {
  loadFixture,
  loadFixtureDocs,
  loadLocalFixture,
} from './__testUtils__/fixtures';
import {
  AWS_RDS_CREATE_DEFAULTS,
  dockerfileBuilderParameters,
} from './__testUtils__/sampleParameters';
import { applyDefaults } from './defaults';
import { buildParameterSchema, prepareParameters } from './parameterSchema';
import { validateParameters } from './validate';

const s = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});

describe('v1 fixture: github-stats-report ClusterWorkflow', () => {
  const workflow = loadFixture(
    'sample-github-stats-report-clusterworkflow.yaml',
  );
  const run = loadFixture('sample-github-stats-report-workflowrun.yaml');

  it('keeps the openAPIV3Schema as the JSON Schema and derives a uiSchema', () => {
    const schema = buildParameterSchema(workflow);
    expect(schema.generation).toBe('v1');
    expect(schema.errors).toEqual([]);
    expect(schema.jsonSchema).toEqual(workflow.spec.parameters.openAPIV3Schema);
    expect(schema.uiSchema).toEqual({
      'ui:order': ['source', 'output'],
      source: {
        'ui:title': 'Source',
        'ui:order': ['org', 'repo'],
        org: { 'ui:title': 'Org' },
        repo: { 'ui:title': 'Repo' },
      },
      output: {
        'ui:title': 'Output',
        'ui:order': ['format'],
        format: { 'ui:title': 'Format' },
      },
    });
  });

  it('defaults {} through the default: {} objects', () => {
    expect(prepareParameters(workflow, {})).toMatchObject({
      parameters: {
        source: { org: 'openchoreo', repo: 'openchoreo' },
        output: { format: 'table' },
      },
      errors: [],
    });
  });

  it("accepts the sample run's parameters and rejects a format outside the enum", () => {
    expect(
      prepareParameters(workflow, run.spec.workflow.parameters).errors,
    ).toEqual([]);
    expect(
      prepareParameters(workflow, { output: { format: 'xml' } }),
    ).toMatchObject({
      parameters: {
        source: { org: 'openchoreo', repo: 'openchoreo' },
        output: { format: 'xml' },
      },
      errors: [
        { path: 'output.format', message: 'must be one of: table, json' },
      ],
    });
  });
});

describe('v1 fixture: scm-github-create-repo ClusterWorkflow', () => {
  const docs = loadFixtureDocs('sample-scm-github-create-repo.yaml');
  const workflow = docs.find(d => d.kind === 'ClusterWorkflow');
  const run = docs.find(d => d.kind === 'WorkflowRun');

  it('defaults string enums and empty strings; github stays an empty object', () => {
    const prepared = prepareParameters(workflow, {});
    expect(prepared.schema.jsonSchema).toEqual(
      workflow.spec.parameters.openAPIV3Schema,
    );
    expect(prepared.parameters).toEqual({
      github: {},
      repo: {
        description: '',
        visibility: 'private',
        autoInit: 'true',
        gitignoreTemplate: '',
        licenseTemplate: '',
      },
    });
    expect(prepared.errors).toEqual([]);
  });

  it('validates the sample run and string booleans', () => {
    expect(
      prepareParameters(workflow, run.spec.workflow.parameters).errors,
    ).toEqual([]);
    expect(
      prepareParameters(workflow, {
        repo: { autoInit: true, visibility: 'internal' },
      }).errors,
    ).toEqual(
      fieldErrors(
        ['repo.visibility', 'must be one of: public, private'],
        ['repo.autoInit', 'must be a string'],
        ['repo.autoInit', 'must be one of: true, false'],
      ),
    );
  });
});

describe('v1 fixture: aws-rds-postgres-create namespaced Workflow', () => {
  const docs = loadFixtureDocs('sample-aws-rds-postgres-create.yaml');
  const workflow = docs.find(
    d => d.kind === 'Workflow' && d.apiVersion === 'openchoreo.dev/v1alpha1',
  );
  const run = docs.find(d => d.kind === 'WorkflowRun');

  it('defaults every group, leaving undefaulted fields absent (they are not required)', () => {
    const prepared = prepareParameters(workflow, {});
    expect(prepared.schema.generation).toBe('v1');
    expect(prepared.parameters).toEqual(AWS_RDS_CREATE_DEFAULTS);
    expect(prepared.errors).toEqual([]);
    expect(prepared.schema.uiSchema['ui:order']).toEqual([
      'git',
      'aws',
      'tfState',
      'db',
    ]);
    expect((prepared.schema.uiSchema.tfState as any)['ui:order']).toEqual([
      's3Bucket',
    ]);
    expect((prepared.schema.uiSchema.tfState as any).s3Bucket).toEqual({
      'ui:title': 'S3 Bucket',
    });
  });

  it('accepts the sample run and rejects a number where a string is declared', () => {
    expect(
      prepareParameters(workflow, run.spec.workflow.parameters).errors,
    ).toEqual([]);
    expect(
      prepareParameters(workflow, { db: { engineVersion: 16 } }).errors,
    ).toEqual([{ path: 'db.engineVersion', message: 'must be a string' }]);
  });
});

describe('v1 fixture: dockerfile-builder component ClusterWorkflow', () => {
  const workflow = loadFixture(
    'sample-dockerfile-builder-clusterworkflow.yaml',
  );

  it('keeps x-openchoreo-* extensions and maps arrays of objects in the uiSchema', () => {
    const { jsonSchema, uiSchema, errors } = buildParameterSchema(workflow);
    expect(errors).toEqual([]);
    expect(jsonSchema).toEqual(workflow.spec.parameters.openAPIV3Schema);
    expect((jsonSchema.properties!.repository.properties as any).url).toEqual(
      s('Git repository URL', {
        'x-openchoreo-component-parameter-repository-url': true,
      }),
    );
    expect(uiSchema['ui:order']).toEqual([
      'repository',
      'docker',
      'buildEnv',
      'buildArgs',
    ]);
    expect(uiSchema.buildEnv).toEqual({
      'ui:title': 'Build Env',
      items: {
        'ui:order': ['name', 'value'],
        name: { 'ui:title': 'Name' },
        value: { 'ui:title': 'Value' },
      },
    });
    expect((uiSchema.repository as any)['ui:order']).toEqual([
      'url',
      'secretRef',
      'revision',
      'appPath',
    ]);
  });

  it('requires repository.url; a provided repository gets its field defaults', () => {
    expect(prepareParameters(workflow, {}).errors).toEqual([
      { path: 'repository', message: 'is required' },
    ]);
    expect(prepareParameters(workflow, { repository: {} }).errors).toEqual([
      { path: 'repository.url', message: 'is required' },
    ]);
    const prepared = prepareParameters(workflow, {
      repository: { url: 'https://github.com/openchoreo/sample-workloads' },
      buildEnv: [{ name: 'A' }],
    });
    expect(prepared.parameters).toEqual(
      dockerfileBuilderParameters(
        'https://github.com/openchoreo/sample-workloads',
        [{ name: 'A' }],
      ),
    );
    expect(prepared.errors).toEqual([
      { path: 'buildEnv[0].value', message: 'is required' },
    ]);
  });
});

describe('v0 fixture: v0.17 github-stats-report Workflow (shorthand)', () => {
  const workflow = loadFixture(
    'sample-v0.17-github-stats-report-workflow.yaml',
  );

  it('converts the shorthand; nested groups without $default are required', () => {
    const schema = buildParameterSchema(workflow);
    expect(schema.generation).toBe('v0');
    expect(schema.errors).toEqual([]);
    expect(schema.jsonSchema).toEqual({
      type: 'object',
      required: ['output', 'source'],
      properties: {
        source: {
          type: 'object',
          properties: {
            org: s('GitHub organization name', { default: 'openchoreo' }),
            repo: s('GitHub repository name', { default: 'openchoreo' }),
          },
        },
        output: {
          type: 'object',
          properties: {
            format: s('Report output format', {
              default: 'table',
              enum: ['table', 'json'],
            }),
          },
        },
      },
    });
    expect(schema.uiSchema['ui:order']).toEqual(['source', 'output']);
  });

  it('creates no group by itself (structural defaulting), so {} is invalid', () => {
    expect(prepareParameters(workflow, {})).toMatchObject({
      parameters: {},
      errors: [
        { path: 'output', message: 'is required' },
        { path: 'source', message: 'is required' },
      ],
    });
    expect(
      prepareParameters(workflow, { source: {}, output: {} }),
    ).toMatchObject({
      parameters: {
        source: { org: 'openchoreo', repo: 'openchoreo' },
        output: { format: 'table' },
      },
      errors: [],
    });
  });
});

describe('v0 fixture: v0.17 bulk-gitops-release Workflow (shorthand)', () => {
  const workflow = loadFixture(
    'sample-v0.17-bulk-gitops-release-workflow.yaml',
  );

  it('requires exactly the fields without a default', () => {
    const { jsonSchema, errors } = buildParameterSchema(workflow);
    expect(errors).toEqual([]);
    expect(jsonSchema).toEqual({
      type: 'object',
      required: ['gitops', 'scope'],
      properties: {
        scope: {
          type: 'object',
          required: ['projectName'],
          properties: {
            all: {
              type: 'boolean',
              default: false,
              description: 'Release all components across all projects',
            },
            projectName: s('Project name to release (ignored if all=true)'),
          },
        },
        gitops: {
          type: 'object',
          required: ['deploymentPipeline', 'repositoryUrl'],
          properties: {
            repositoryUrl: s('GitOps repository URL'),
            branch: s('GitOps repository branch', { default: 'main' }),
            targetEnvironment: s('Target environment name for deployment', {
              default: 'development',
            }),
            deploymentPipeline: s(
              'Deployment pipeline name for the target environment',
            ),
          },
        },
      },
    });
  });

  it('defaults and validates a partial run', () => {
    expect(
      prepareParameters(workflow, {
        scope: { all: 'yes' },
        gitops: { repositoryUrl: 'r' },
      }),
    ).toEqual(
      expect.objectContaining({
        parameters: {
          scope: { all: 'yes' },
          gitops: {
            repositoryUrl: 'r',
            branch: 'main',
            targetEnvironment: 'development',
          },
        },
        errors: [
          { path: 'scope.projectName', message: 'is required' },
          { path: 'scope.all', message: 'must be a boolean' },
          { path: 'gitops.deploymentPipeline', message: 'is required' },
        ],
      }),
    );
  });
});

describe("v0 seed: the seed document's generic-workflow-docker-build", () => {
  const workflow = loadLocalFixture('seed-generic-workflow-docker-build.yaml');
  const run = loadLocalFixture('seed-generic-workflow-run.yaml');

  it('converts the shorthand exactly', () => {
    const schema = buildParameterSchema(workflow);
    expect(schema.generation).toBe('v0');
    expect(schema.errors).toEqual([]);
    expect(schema.jsonSchema).toEqual({
      type: 'object',
      required: ['docker', 'repository'],
      properties: {
        repository: {
          type: 'object',
          required: ['revision', 'url'],
          properties: {
            url: s('Git repository URL'),
            revision: {
              type: 'object',
              properties: {
                branch: s('Git branch to checkout', { default: 'main' }),
                commit: s(
                  'Git commit SHA or reference (optional, defaults to latest)',
                  { default: '' },
                ),
              },
            },
            appPath: s(
              'Path to the application directory within the repository',
              { default: '.' },
            ),
          },
        },
        docker: {
          type: 'object',
          properties: {
            context: s(
              'Docker build context path relative to the repository root',
              { default: '.' },
            ),
            filePath: s(
              'Path to the Dockerfile relative to the repository root',
              { default: './Dockerfile' },
            ),
          },
        },
      },
    });
    expect(schema.uiSchema).toEqual({
      'ui:order': ['repository', 'docker'],
      repository: {
        'ui:title': 'Repository',
        'ui:order': ['url', 'revision', 'appPath'],
        url: { 'ui:title': 'Url' },
        revision: {
          'ui:title': 'Revision',
          'ui:order': ['branch', 'commit'],
          branch: { 'ui:title': 'Branch' },
          commit: { 'ui:title': 'Commit' },
        },
        appPath: { 'ui:title': 'App Path' },
      },
      docker: {
        'ui:title': 'Docker',
        'ui:order': ['context', 'filePath'],
        context: { 'ui:title': 'Context' },
        filePath: { 'ui:title': 'File Path' },
      },
    });
  });

  it("fills the seed run's missing commit and accepts it", () => {
    expect(
      prepareParameters(workflow, run.spec.workflow.parameters),
    ).toMatchObject({
      parameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main', commit: '' },
          appPath: '/service-go-greeter',
        },
        docker: {
          context: '/service-go-greeter',
          filePath: '/service-go-greeter/Dockerfile',
        },
      },
      errors: [],
    });
  });

  it('names the missing url with its full path', () => {
    expect(
      prepareParameters(workflow, { repository: { revision: {} }, docker: {} })
        .errors,
    ).toEqual([{ path: 'repository.url', message: 'is required' }]);
  });
});

describe('CRD fixtures: their own openAPIV3Schema goes through the same pipeline', () => {
  const crdFiles = [
    'crd-workflows.yaml',
    'crd-clusterworkflows.yaml',
    'crd-workflowruns.yaml',
    'crd-workflows-v0.17.0.yaml',
    'crd-workflowruns-v0.17.0.yaml',
    'crd-componentworkflows-v0.16.0.yaml',
    'crd-componentworkflowruns-v0.16.0.yaml',
  ];
  const schemaOf = (file: string) => {
    const crd = loadFixture(file, 'CustomResourceDefinition');
    const raw = crd.versions?.[0] ?? crd.spec.versions[0];
    return buildParameterSchema({
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'Workflow',
      metadata: { name: crd.metadata.name },
      spec: {
        runTemplate: {},
        parameters: { openAPIV3Schema: raw.schema.openAPIV3Schema },
      },
    });
  };

  it.each(crdFiles)('%s converts without errors', file => {
    const { errors, jsonSchema, uiSchema } = schemaOf(file);
    expect(errors).toEqual([]);
    // the ClusterWorkflow CRD (HEAD) is the only one without a top-level required: [spec]
    expect(jsonSchema.required).toEqual(
      file === 'crd-clusterworkflows.yaml' ? undefined : ['spec'],
    );
    expect(uiSchema['ui:order']).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
  });

  it('validates the HEAD samples against the HEAD CRDs', () => {
    const samples: Array<[string, string, string]> = [
      [
        'crd-workflowruns.yaml',
        'sample-github-stats-report-workflowrun.yaml',
        'WorkflowRun',
      ],
      [
        'crd-workflowruns.yaml',
        'sample-scm-github-create-repo.yaml',
        'WorkflowRun',
      ],
      [
        'crd-workflowruns.yaml',
        'sample-aws-rds-postgres-create.yaml',
        'WorkflowRun',
      ],
      [
        'crd-clusterworkflows.yaml',
        'sample-github-stats-report-clusterworkflow.yaml',
        'ClusterWorkflow',
      ],
      [
        'crd-clusterworkflows.yaml',
        'sample-dockerfile-builder-clusterworkflow.yaml',
        'ClusterWorkflow',
      ],
      ['crd-workflows.yaml', 'sample-aws-rds-postgres-create.yaml', 'Workflow'],
      [
        'crd-workflows-v0.17.0.yaml',
        'sample-v0.17-github-stats-report-workflow.yaml',
        'Workflow',
      ],
      [
        'crd-workflows-v0.17.0.yaml',
        'sample-v0.17-bulk-gitops-release-workflow.yaml',
        'Workflow',
      ],
    ];
    for (const [crd, sample, kind] of samples) {
      const object = loadFixtureDocs(sample).find(
        d => d.kind === kind && d.apiVersion === 'openchoreo.dev/v1alpha1',
      );
      expect([
        sample,
        validateParameters(schemaOf(crd).jsonSchema, object),
      ]).toEqual([sample, []]);
    }
  });

  it('shows the CRD defaulting a run without kind to ClusterWorkflow (the SPEC §5 pitfall)', () => {
    const run = loadFixtureDocs('sample-aws-rds-postgres-create.yaml').find(
      d => d.kind === 'WorkflowRun',
    );
    expect(run.spec.workflow.kind).toBeUndefined();
    const defaulted = applyDefaults(
      schemaOf('crd-workflowruns.yaml').jsonSchema,
      run,
    );
    expect((defaulted.spec as any).workflow.kind).toBe('ClusterWorkflow');
    // v0.17 had no kind at all
    const legacy = applyDefaults(
      schemaOf('crd-workflowruns-v0.17.0.yaml').jsonSchema,
      run,
    );
    expect((legacy.spec as any).workflow.kind).toBeUndefined();
  });

  it('rejects a WorkflowRun kind outside the enum and a bad ttl', () => {
    const { jsonSchema } = schemaOf('crd-workflowruns.yaml');
    expect(
      validateParameters(jsonSchema, {
        spec: {
          workflow: { kind: 'Pipeline', name: 'x' },
          ttlAfterCompletion: '1w',
        },
      }),
    ).toEqual(
      fieldErrors(
        [
          'spec.ttlAfterCompletion',
          'must match the pattern ^(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?$',
        ],
        ['spec.workflow.kind', 'must be one of: Workflow, ClusterWorkflow'],
      ),
    );
  });
});

describe('buildParameterSchema edge cases', () => {
  const base = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow' as const,
    metadata: { name: 'w' },
  };

  it('gives an empty object schema to a workflow without parameters', () => {
    expect(
      buildParameterSchema({ ...base, spec: { runTemplate: {} } }),
    ).toEqual({
      generation: 'v1',
      openAPIV3Schema: { type: 'object', properties: {} },
      jsonSchema: { type: 'object', properties: {} },
      uiSchema: {},
      errors: [],
    });
  });

  it('reports schema problems through prepareParameters, prefixed', () => {
    const workflow = {
      ...base,
      spec: {
        runTemplate: {},
        schema: { parameters: { a: 'Missing', b: 'string | default=x' } },
      },
    };
    expect(prepareParameters(workflow, {})).toMatchObject({
      parameters: { b: 'x' },
      errors: [
        {
          path: 'a',
          message: 'invalid workflow schema: unknown type "Missing"',
        },
      ],
    });
  });

  it('resolves $defs/$ref of a v1 schema before RJSF/ajv see it', () => {
    const workflow = {
      ...base,
      spec: {
        runTemplate: {},
        parameters: {
          openAPIV3Schema: {
            type: 'object',
            $defs: {
              Res: {
                type: 'object',
                properties: { cpu: { type: 'string', default: '100m' } },
              },
            },
            properties: { resources: { $ref: '#/$defs/Res', default: {} } },
          },
        },
      },
    };
    const prepared = prepareParameters(workflow, {});
    expect(prepared.schema.jsonSchema).toEqual({
      type: 'object',
      properties: {
        resources: {
          type: 'object',
          default: {},
          properties: { cpu: { type: 'string', default: '100m' } },
        },
      },
    });
    expect(prepared.parameters).toEqual({ resources: { cpu: '100m' } });
  });
});
