import type { RJSFSchema } from '@rjsf/utils';
import { formValidator } from './formValidator';

describe('formValidator', () => {
  const schema: RJSFSchema = {
    type: 'object',
    properties: {
      a: { type: 'string', pattern: '^(a+)+$' },
      b: { type: 'string', pattern: '(?i)^main$' },
    },
  };

  it('checks pattern with RE2: linear on a backtracking pattern, Go syntax', () => {
    // RJSF's default validator (JavaScript RegExp) froze the tab on `a` and rejected `(?i)`.
    const { errors } = formValidator.validateFormData(
      { a: `${'a'.repeat(50_000)}!`, b: 'MAIN' },
      schema,
    );
    expect(errors.map(e => [e.property, e.name])).toEqual([['.a', 'pattern']]);
    expect(
      formValidator.validateFormData({ a: 'aaa', b: 'Main' }, schema).errors,
    ).toEqual([]);
  });
});
