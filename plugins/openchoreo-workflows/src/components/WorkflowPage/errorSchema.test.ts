import { toErrorSchema } from './errorSchema';

describe('toErrorSchema', () => {
  it('nests dotted and indexed paths, keeping root errors', () => {
    expect(
      toErrorSchema([
        { path: 'repository.revision.branch', message: 'is required' },
        { path: 'items[1].name', message: 'too long' },
        { path: 'items[1].name', message: 'bad pattern' },
        { path: '', message: 'must be an object' },
      ]),
    ).toEqual({
      repository: { revision: { branch: { __errors: ['is required'] } } },
      items: { 1: { name: { __errors: ['too long', 'bad pattern'] } } },
      __errors: ['must be an object'],
    });
  });
});
