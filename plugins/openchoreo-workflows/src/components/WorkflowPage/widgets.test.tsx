import { fireEvent, render, screen, within } from '@testing-library/react';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { formValidator } from '../shared';
import { ParametersForm } from './FieldTemplate';

/**
 * One field of every kind a Workflow's parameter schema produces (K8s
 * structural schemas plus `x-openchoreo-backstage-portal` widget hints):
 * each starts empty or out of bounds, so a submit fails on every one of them.
 */
const schema: RJSFSchema = {
  type: 'object',
  required: ['enabled', 'level', 'retries', 'script', 'day', 'at', 'source'],
  properties: {
    enabled: { type: 'boolean', description: 'Turn it on.', enum: [true] },
    stages: {
      type: 'array',
      description: 'Stages to run.',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['build', 'test'] },
    },
    level: { type: 'string', enum: ['low', 'high'], description: 'Level.' },
    cpu: {
      type: 'integer',
      minimum: 1,
      maximum: 8,
      default: 1,
      multipleOf: 2,
      description: 'Cores.',
    },
    retries: { type: 'integer', description: 'Retries.' },
    script: { type: 'string', description: 'Script.' },
    day: { type: 'string', format: 'date', description: 'Day.' },
    at: { type: 'string', format: 'date-time', description: 'When.' },
    tags: {
      type: 'array',
      title: 'Tags',
      description: 'Tags to add.',
      maxItems: 2,
      default: ['x', 'yy', 'zz'],
      items: { type: 'string', description: 'One tag.', minLength: 2 },
    },
    source: {
      type: 'object',
      title: 'Source',
      description: 'Where from.',
      minProperties: 2,
      required: ['repo'],
      properties: { repo: { type: 'string', description: 'Repository.' } },
    },
    env: {
      type: 'object',
      title: 'Env',
      description: 'Variables.',
      default: { HOME: '' },
      additionalProperties: {
        type: 'string',
        description: 'A value.',
        minLength: 1,
      },
    },
  },
};

const uiSchema: UiSchema = {
  stages: { 'ui:widget': 'checkboxes' },
  level: { 'ui:widget': 'radio' },
  cpu: { 'ui:widget': 'range' },
  retries: { 'ui:widget': 'updown' },
  script: { 'ui:widget': 'textarea' },
};

/** The texts `aria-describedby` points at, each element present once. */
const describedBy = (element: Element) => {
  const ids = (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean);
  return ids.map(id => {
    const found = document.querySelectorAll(`[id="${id}"]`);
    expect(found).toHaveLength(1);
    return found[0].textContent;
  });
};

const renderForm = () => {
  render(
    <ParametersForm
      schema={schema}
      uiSchema={uiSchema}
      validator={formValidator}
      showErrorList={false}
      noHtml5Validate
    />,
  );
  return () => fireEvent.submit(document.querySelector('form')!);
};

const required = (name: string) => `must have required property '${name}'`;

describe('ParametersForm: every input is described by its description and errors', () => {
  it('checkbox (boolean)', () => {
    const submit = renderForm();
    const box = screen.getByRole('checkbox', { name: 'enabled' });
    expect(describedBy(box)).toEqual(['Turn it on.']);
    submit();
    expect(describedBy(box)).toEqual(['Turn it on.', required('enabled')]);
  });

  it('checkboxes (array of enums), in a group named by its label', () => {
    const submit = renderForm();
    const group = screen.getByRole('group', { name: 'stages' });
    const build = within(group).getByRole('checkbox', { name: 'build' });
    expect(describedBy(build)).toEqual(['Stages to run.']);
    submit();
    const error = 'must NOT have fewer than 1 items';
    expect(describedBy(build)).toEqual(['Stages to run.', error]);
    expect(describedBy(group)).toEqual(['Stages to run.', error]);
  });

  it('radio (enum), in a radio group named by its label', () => {
    const submit = renderForm();
    const group = screen.getByRole('radiogroup', { name: 'level' });
    const low = within(group).getByRole('radio', { name: 'low' });
    expect(describedBy(low)).toEqual(['Level.']);
    submit();
    expect(describedBy(low)).toEqual(['Level.', required('level')]);
  });

  it('range (slider) has a name and its description', () => {
    const submit = renderForm();
    const slider = screen.getByRole('slider', { name: 'cpu' });
    expect(describedBy(slider)).toEqual(['Cores.']);
    submit();
    expect(describedBy(slider)).toEqual(['Cores.', 'must be multiple of 2']);
  });

  it.each([
    ['spinbutton', 'retries', 'Retries.'],
    ['textbox', 'script', 'Script.'],
  ])('%s (%s)', (role, name, description) => {
    const submit = renderForm();
    const input = screen.getByRole(role, { name: new RegExp(`^${name}`) });
    expect(describedBy(input)).toEqual([description]);
    submit();
    expect(describedBy(input)).toEqual([description, required(name)]);
  });

  it.each([
    ['day', 'Day.'],
    ['at', 'When.'],
  ])('date and date-time (%s)', (name, description) => {
    const submit = renderForm();
    const input = screen.getByLabelText(new RegExp(`^${name}`));
    expect(describedBy(input)).toEqual([description]);
    submit();
    expect(describedBy(input)).toEqual([description, required(name)]);
  });

  it("array: a group named by its title, described by its description and errors; each item's input by its own", () => {
    const submit = renderForm();
    const group = screen.getByRole('group', { name: 'Tags' });
    expect(describedBy(group)).toEqual(['Tags to add.']);
    const [item] = within(group).getAllByRole('textbox');
    expect(describedBy(item)).toEqual(['One tag.']);

    fireEvent.change(item, { target: { value: 'a' } });
    submit();
    expect(describedBy(group)).toEqual([
      'Tags to add.',
      'must NOT have more than 2 items',
    ]);
    expect(describedBy(item)).toEqual([
      'One tag.',
      'must NOT have fewer than 2 characters',
    ]);
  });

  it('array buttons are named after the array and the item', () => {
    renderForm();
    const group = screen.getByRole('group', { name: 'Tags' });
    const button = (name: string) =>
      within(group).getByRole('button', { name });
    expect(button('Move Tags item 1 up')).toBeDisabled();
    expect(button('Move Tags item 1 down')).toBeEnabled();
    expect(button('Move Tags item 3 up')).toBeEnabled();
    expect(button('Remove Tags item 3')).toBeEnabled();
    expect(
      within(group).queryByRole('button', { name: 'Add to Tags' }),
    ).toBeNull();

    fireEvent.click(button('Remove Tags item 1'));
    fireEvent.click(button('Remove Tags item 1'));
    expect(within(group).getAllByRole('textbox')).toHaveLength(1);
    fireEvent.click(button('Add to Tags'));
    expect(within(group).getAllByRole('textbox')).toHaveLength(2);
  });

  it('nested object: a fieldset whose legend is its title, described by its description and errors', () => {
    const submit = renderForm();
    const group = screen.getByRole('group', { name: 'Source' });
    expect(group.tagName).toBe('FIELDSET');
    expect(describedBy(group)).toEqual(['Where from.']);
    const repo = within(group).getByRole('textbox', { name: /^repo/ });
    expect(describedBy(repo)).toEqual(['Repository.']);
    submit();
    expect(describedBy(group)).toEqual([
      'Where from.',
      'must NOT have fewer than 2 properties',
    ]);
    expect(describedBy(repo)).toEqual(['Repository.', required('repo')]);
  });

  it('additionalProperties: the key and the value are described; add and remove are named', () => {
    const submit = renderForm();
    const group = screen.getByRole('group', { name: 'Env' });
    expect(describedBy(group)).toEqual(['Variables.']);
    const key = within(group).getByRole('textbox', { name: 'HOME Key' });
    const value = within(group).getByRole('textbox', { name: 'HOME' });
    expect(describedBy(key)).toEqual(['A value.']);
    expect(describedBy(value)).toEqual(['A value.']);
    submit();
    const error = 'must NOT have fewer than 1 characters';
    expect(describedBy(key)).toEqual(['A value.', error]);
    expect(describedBy(value)).toEqual(['A value.', error]);

    within(group).getByRole('button', { name: 'Remove HOME' });
    fireEvent.click(within(group).getByRole('button', { name: 'Add to Env' }));
    expect(
      within(group).getAllByRole('textbox', { name: / Key$/ }),
    ).toHaveLength(2);
  });
});
