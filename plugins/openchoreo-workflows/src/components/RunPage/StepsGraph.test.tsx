import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { RunTask } from '../../api';
import { StepsGraph } from './StepsGraph';

const task = (
  name: string,
  phase: RunTask['phase'],
  start: string,
  end?: string,
): RunTask => ({
  name,
  phase,
  startedAt: `2026-11-27T08:${start}Z`,
  completedAt: end && `2026-11-27T08:${end}Z`,
});

/** checkout, then lint and test in parallel, then publish and notify in parallel. */
const running: RunTask[] = [
  task('checkout', 'Succeeded', '00:00', '00:10'),
  task('lint', 'Succeeded', '00:11', '00:30'),
  task('test', 'Running', '00:12'),
  task('publish', 'Pending', '00:13'),
];

const Graph = (props: { tasks: RunTask[] }) => {
  const [selected, setSelected] = useState<string>();
  return (
    <>
      <p>selected: {selected ?? 'none'}</p>
      <StepsGraph
        tasks={props.tasks}
        selected={selected}
        onSelect={setSelected}
      />
    </>
  );
};

const nodes = () =>
  Array.from(
    screen
      .getByRole('img', { name: /^Graph of the run's steps/ })
      .querySelectorAll('[data-testid="node"]'),
  );

describe('StepsGraph', () => {
  it('draws every step with its phase, linked in waves, in one SVG', async () => {
    await renderInTestApp(<Graph tasks={running} />);
    const graph = screen.getByRole('img', {
      name: "Graph of the run's steps; use the step list to navigate",
    });
    expect(screen.getByText('✓ checkout · Succeeded')).toBeInTheDocument();
    expect(screen.getByText('▶ test · Running')).toBeInTheDocument();
    expect(screen.getByText('… publish · Pending')).toBeInTheDocument();
    expect(graph.querySelectorAll('rect')).toHaveLength(4);
    // checkout → lint, test, publish (one wave of three): one path, three curves.
    expect(graph.querySelectorAll('path')).toHaveLength(1);
    expect(
      graph.querySelector('path')!.getAttribute('d')!.match(/M/g),
    ).toHaveLength(3);
    expect(
      screen.getByRole('region', { name: 'Parallel steps graph' }),
    ).toHaveAttribute('tabindex', '0');
  });

  it('selects a clicked step and outlines it', async () => {
    await renderInTestApp(<Graph tasks={running} />);
    await userEvent.click(screen.getByText('▶ test · Running'));
    expect(screen.getByText('selected: test')).toBeInTheDocument();
    const rect = (name: string) =>
      screen.getByText(new RegExp(` ${name} · `)).previousElementSibling!;
    expect(rect('test').getAttribute('class')).toMatch(/selected/);
    expect(rect('lint').getAttribute('class')).not.toMatch(/selected/);
  });

  it('keeps the layout while only phases change, and lays out a new shape', async () => {
    const { rerender } = await renderInTestApp(<Graph tasks={running} />);
    const places = nodes().map(n => n.getAttribute('transform'));

    const done = running.map(t => ({ ...t, phase: 'Succeeded' as const }));
    rerender(<Graph tasks={done} />);
    expect(screen.getByText('✓ test · Succeeded')).toBeInTheDocument();
    expect(nodes().map(n => n.getAttribute('transform'))).toEqual(places);

    rerender(<Graph tasks={[...done, task('notify', 'Pending', '00:50')]} />);
    // A new step (in the wave of the running ones): a new shape, laid out again.
    expect(nodes()).toHaveLength(5);
    const notify = screen.getByText('… notify · Pending').parentElement!;
    expect(places).not.toContain(notify.getAttribute('transform'));
  });
});
