import { Aborted, Json, Phase, Scope, templateOutputs } from './argoTemplates';
import { TemplateSource } from './execution';
import type { TemplateResult, TemplateRunner } from './templateRunner';

/** The tasks a DAG task waits for: `dependencies`, or the task names its `depends` expression mentions. */
function dependenciesOf(task: Json, tasks: Json[]): string[] {
  if (task.dependencies) return task.dependencies;
  if (!task.depends) return [];
  return (
    String(task.depends)
      .match(/[A-Za-z0-9_-]+(?=\s*(\.|&&|\|\||\)|$))/g)
      ?.filter((n: string) => tasks.some(x => x.name === n)) ?? []
  );
}

const settledOk = (phase?: Phase) =>
  phase === 'Succeeded' || phase === 'Skipped';

/**
 * Runs a DAG template: every task whose dependencies succeeded (or were
 * skipped) starts at once, in parallel; after a failure no new task starts
 * and the DAG fails once the running ones end.
 */
export async function runDag(
  runner: TemplateRunner,
  template: Json,
  node: Json,
  scope: Scope,
  templateScope: TemplateSource,
): Promise<TemplateResult> {
  const exec = runner.exec;
  const tasks: Json[] = template.dag.tasks ?? [];
  const done = new Map<string, { phase: Phase; id: string }>();
  const started = new Set<string>();
  const state: { failure?: string } = {};

  const runTask = async (t: Json) => {
    const deps = dependenciesOf(t, tasks);
    const r = await runner.runCall(t, {
      nodeName: `${node.name}.${t.name}`,
      displayName: t.name,
      boundaryID: node.id,
      parentId: deps.length ? undefined : node.id,
      scope: { workflow: scope.workflow, values: scope.values },
      templateScope,
    });
    for (const d of deps) exec.addChild(done.get(d)?.id, r.id);
    return r;
  };

  await new Promise<void>((resolve, reject) => {
    const schedule = () => {
      if (exec.abort.signal.aborted) {
        reject(new Aborted());
        return;
      }
      const ready = tasks.filter(
        t =>
          !started.has(t.name) &&
          dependenciesOf(t, tasks).every(d => settledOk(done.get(d)?.phase)),
      );
      if (!state.failure) {
        for (const t of ready) {
          started.add(t.name);
          runTask(t)
            .then(r => {
              done.set(t.name, { phase: r.phase, id: r.id });
              for (const [k, v] of Object.entries(r.outputs))
                scope.values[`tasks.${t.name}.outputs.parameters.${k}`] = v;
              if (r.phase === 'Failed' || r.phase === 'Error')
                state.failure ??= `child '${r.id}' failed`;
              schedule();
            })
            .catch(reject);
        }
      }
      if ([...started].every(n => done.has(n))) resolve();
    };
    schedule();
  });
  const ids = [...done.values()].map(d => d.id);
  node.outboundNodes = ids.filter(
    id => !(exec.node(id)?.children ?? []).length,
  );
  return {
    phase: state.failure ? 'Failed' : 'Succeeded',
    message: state.failure,
    outputs: templateOutputs(template, scope),
  };
}
