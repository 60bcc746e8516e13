/*
 * The API types are aliases of the schemas generated from the backend's
 * OpenAPI document: the committed generated file must be what the document
 * generates today (else: yarn generate:openapi-types in this package).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const packageRoot = path.join(__dirname, '../..');
const cli = path.join(
  path.dirname(require.resolve('openapi-typescript/package.json')),
  'bin/cli.js',
);

describe('the generated API types', () => {
  it('are what openapi-typescript generates from the backend document (else: yarn generate:openapi-types)', () => {
    const run = () =>
      execFileSync(
        process.execPath,
        [
          cli,
          '../openchoreo-workflows-backend/src/schema/openapi.yaml',
          '-o',
          'src/api/generated/openapi.ts',
          '--check',
        ],
        { cwd: packageRoot, stdio: 'pipe', encoding: 'utf8' },
      );
    expect(run).not.toThrow();
  });
});
