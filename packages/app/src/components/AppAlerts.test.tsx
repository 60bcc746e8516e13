import { AlertApiForwarder } from '@backstage/core-app-api';
import { alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { AppAlerts } from './AppAlerts';

describe('AppAlerts', () => {
  it('shows alerts one at a time, each closed by a named button', () => {
    const alertApi = new AlertApiForwarder();
    render(
      <TestApiProvider apis={[[alertApiRef, alertApi]]}>
        <AppAlerts />
      </TestApiProvider>,
    );
    act(() => {
      alertApi.post({ message: 'first', severity: 'error' });
      alertApi.post({ message: 'second', severity: 'info' });
    });
    expect(screen.getByRole('alert')).toHaveTextContent('first (1 more)');

    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/^second$/);

    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
