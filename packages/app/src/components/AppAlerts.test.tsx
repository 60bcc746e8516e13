import { AlertApiForwarder } from '@backstage/core-app-api';
import { alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { getContrastRatio } from '@material-ui/core';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { muiThemes } from '../theme';
import { AppAlerts, Severity, severityColors } from './AppAlerts';

const severities: Severity[] = ['error', 'warning', 'info', 'success'];

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
    expect(screen.getByRole('alert')).toHaveTextContent('second');
    expect(screen.getByRole('alert')).not.toHaveTextContent('more');

    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('names the severity of each alert', () => {
    const alertApi = new AlertApiForwarder();
    render(
      <TestApiProvider apis={[[alertApiRef, alertApi]]}>
        <AppAlerts />
      </TestApiProvider>,
    );
    act(() => {
      for (const severity of severities)
        alertApi.post({ message: severity, severity });
      alertApi.post({ message: 'no severity' });
    });
    for (const name of ['Error', 'Warning', 'Information', 'Success']) {
      expect(screen.getByRole('alert')).toContainElement(
        screen.getByRole('img', { name }),
      );
      fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    }
    // alertApi's default severity.
    expect(screen.getByRole('img', { name: 'Success' })).toBeInTheDocument();
  });

  it.each(['light', 'dark'] as const)(
    'gives each severity its own colours, text at WCAG AA contrast (%s theme)',
    type => {
      const theme = muiThemes[type];
      const colors = severities.map(s => severityColors(theme, s));
      for (const { color, backgroundColor } of colors) {
        expect(getContrastRatio(color, backgroundColor)).toBeGreaterThanOrEqual(
          4.5,
        );
      }
      const backgrounds = new Set(colors.map(c => c.backgroundColor));
      const borders = new Set(colors.map(c => c.borderColor));
      expect(backgrounds.size).toBe(severities.length);
      expect(borders.size).toBe(severities.length);
    },
  );
});
