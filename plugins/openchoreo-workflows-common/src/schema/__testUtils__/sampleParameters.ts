/* Parameters of the shared sample workflows, as defaulting gives them (test-only). */

/**
 * What defaulting gives sample-aws-rds-postgres-create for `{}`: every object
 * has default {}, leaves without a default stay absent.
 */
export const AWS_RDS_CREATE_DEFAULTS = {
  git: {
    repoUrl: 'https://github.com/openchoreo/openchoreo.git',
    branch: 'main',
    tfPath: 'samples/workflows/aws-rds-postgres/terraform',
  },
  aws: { region: 'us-east-1' },
  tfState: {},
  db: { engineVersion: '16' },
};

/**
 * The dockerfile-builder sample's parameters for a repository `url`, with
 * the defaults of everything else and `buildEnv` as given.
 */
export const dockerfileBuilderParameters = (
  url: string,
  buildEnv: { name: string; value?: string }[],
) => ({
  repository: {
    url,
    secretRef: '',
    revision: { branch: 'main', commit: '' },
    appPath: '.',
  },
  docker: { context: '.', filePath: './Dockerfile' },
  buildEnv,
  buildArgs: [],
});
