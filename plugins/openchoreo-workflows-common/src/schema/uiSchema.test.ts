import { buildUiSchema, humanizeKey } from './uiSchema';

describe('humanizeKey', () => {
  it.each([
    ['repoUrl', 'Repo Url'],
    ['s3Bucket', 'S3 Bucket'],
    ['tf_state-key', 'Tf State Key'],
    ['URLPath', 'URL Path'],
    ['name', 'Name'],
  ])('%s → %s', (key, title) => expect(humanizeKey(key)).toBe(title));
});

describe('buildUiSchema', () => {
  it('orders fields as declared, titles untitled ones and maps portal hints', () => {
    // shape of docs/templating/openapiv3-schema.md (OpenChoreo) "x-openchoreo-backstage-portal"
    expect(
      buildUiSchema({
        type: 'object',
        properties: {
          repository: {
            type: 'object',
            properties: {
              url: {
                type: 'string',
                'x-openchoreo-backstage-portal': {
                  'ui:field': 'RepoUrlPicker',
                  'ui:options': { allowedHosts: ['github.com'] },
                  notUi: 1,
                },
              },
              branch: {
                type: 'string',
                title: 'Branch name',
                'x-openchoreo-backstage-portal': { 'ui:widget': 'text' },
              },
            },
          },
          token: { type: 'string', format: 'password' },
          tags: {
            type: 'array',
            items: { type: 'object', properties: { k: { type: 'string' } } },
          },
          labels: {
            type: 'object',
            properties: { team: { type: 'string' } },
            additionalProperties: { type: 'string' },
          },
          plain: {
            type: 'object',
            additionalProperties: { type: 'string', format: 'password' },
          },
        },
      }),
    ).toEqual({
      'ui:order': ['repository', 'token', 'tags', 'labels', 'plain'],
      repository: {
        'ui:title': 'Repository',
        'ui:order': ['url', 'branch'],
        url: {
          'ui:title': 'Url',
          'ui:field': 'RepoUrlPicker',
          'ui:options': { allowedHosts: ['github.com'] },
        },
        branch: { 'ui:widget': 'text' },
      },
      token: { 'ui:title': 'Token', 'ui:widget': 'password' },
      tags: {
        'ui:title': 'Tags',
        items: { 'ui:order': ['k'], k: { 'ui:title': 'K' } },
      },
      labels: {
        'ui:title': 'Labels',
        'ui:order': ['team', '*'],
        team: { 'ui:title': 'Team' },
      },
      plain: {
        'ui:title': 'Plain',
        additionalProperties: { 'ui:widget': 'password' },
      },
    });
  });

  it('gives an empty uiSchema for a schema without properties', () => {
    expect(buildUiSchema({ type: 'object', properties: {} })).toEqual({});
  });
});
