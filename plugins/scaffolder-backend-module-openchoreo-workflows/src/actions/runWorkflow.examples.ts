import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Launch a container build and wait for the pushed image',
    example: stringify({
      steps: [
        {
          id: 'build',
          action: 'openchoreo:workflow:run',
          name: 'Build the image',
          input: {
            workflow: {
              kind: 'Workflow',
              name: 'generic-workflow-docker-build',
            },
            namespace: 'default',
            parameters: {
              repository: {
                url: 'https://github.com/openchoreo/sample-workloads',
                revision: { branch: 'main' },
              },
              // Nested objects without a default are required: `{}` takes the defaults.
              docker: {},
            },
            waitForCompletion: true,
            timeoutSeconds: 1800,
          },
        },
      ],
    }),
  },
  {
    description: 'Fire and forget a ClusterWorkflow run in the team namespace',
    example: stringify({
      steps: [
        {
          id: 'db',
          action: 'openchoreo:workflow:run',
          name: 'Provision a database',
          input: {
            workflow: {
              kind: 'ClusterWorkflow',
              name: 'cloud-database-provision',
            },
            namespace: 'default',
            parameters: {
              database: { name: 'orders-db' },
              network: { vpc: 'vpc-main' },
            },
          },
        },
      ],
    }),
  },
];
