import { containerBuild, containerBuildDefaults } from './fixtures';

// Guards the fixture itself: the form tests rely on these defaults and on a clean schema.
describe('container-build fixture', () => {
  it('is built by the common package with structural defaults', () => {
    expect(containerBuild.schemaErrors).toEqual([]);
    expect(containerBuildDefaults).toEqual({
      repository: { revision: { branch: 'main' }, appPath: '.' },
      platform: 'linux/amd64',
    });
  });
});
