import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { RunStatus } from './RunStatus';

describe('RunStatus', () => {
  it.each(['Succeeded', 'Failed', 'Running', 'Pending', 'Skipped'] as const)(
    'exposes %s as text to screen readers, with an icon',
    async phase => {
      const { container } = await renderInTestApp(<RunStatus phase={phase} />);
      const text = screen.getByText(phase);
      expect(text.closest('[aria-hidden="true"]')).toBeNull();
      expect(container.querySelector('svg')).not.toBeNull();
    },
  );
});
