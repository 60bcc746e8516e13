import { fireEvent, render, screen } from '@testing-library/react';
import type { RJSFSchema } from '@rjsf/utils';
import { formValidator } from '../shared';
import { ParametersForm } from './FieldTemplate';

const schema: RJSFSchema = {
  type: 'object',
  required: ['image'],
  properties: {
    image: { type: 'string', description: 'The image to build.' },
    replicas: { type: 'integer', minimum: 1, maximum: 5 },
    tier: { type: 'string', enum: ['small', 'large'], description: 'Size.' },
  },
};

/** The texts the element's `aria-describedby` points at, in order. */
const describedBy = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map(id => document.getElementById(id)?.textContent);

describe('FieldTemplate', () => {
  it("ties a field's description, then its errors, to its input", () => {
    render(
      <ParametersForm
        schema={schema}
        validator={formValidator}
        showErrorList={false}
        noHtml5Validate
      />,
    );
    const image = screen.getByRole('textbox', { name: /image/i });
    expect(describedBy(image)).toEqual(['The image to build.']);

    fireEvent.submit(image.closest('form')!);

    expect(describedBy(image)).toEqual([
      'The image to build.',
      "must have required property 'image'",
    ]);
  });

  it('points only at what a field shows, and keeps number bounds', () => {
    render(<ParametersForm schema={schema} validator={formValidator} />);
    const replicas = screen.getByRole('spinbutton', { name: /replicas/i });
    expect(replicas).not.toHaveAttribute('aria-describedby');
    expect(replicas).toHaveAttribute('min', '1');
    expect(replicas).toHaveAttribute('max', '5');
  });

  it("ties a drop-down's description to the control that takes focus", () => {
    render(<ParametersForm schema={schema} validator={formValidator} />);
    const tier = screen.getByRole('button', { name: /tier/i });
    expect(describedBy(tier)).toEqual(['Size.']);
  });

  it('gives each error list one id', () => {
    render(
      <ParametersForm
        schema={schema}
        validator={formValidator}
        extraErrors={{ image: { __errors: ['first', 'second'] } } as any}
        showErrorList={false}
      />,
    );
    const image = screen.getByRole('textbox', { name: /image/i });
    expect(describedBy(image)).toEqual(['The image to build.', 'firstsecond']);
  });
});
