import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { WorkflowsPage } from './WorkflowsPage';

describe('WorkflowsPage', () => {
  it('renders the page title', async () => {
    await renderInTestApp(<WorkflowsPage />);
    expect(
      screen.getByRole('heading', { name: 'Workflows', level: 1 }),
    ).toBeInTheDocument();
  });
});
