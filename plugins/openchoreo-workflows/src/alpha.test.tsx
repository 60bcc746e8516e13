import plugin from './alpha';
import { isOpenChoreoWorkflowsAvailable } from './components/EntityWorkflowRuns/annotation';

describe('new frontend system plugin', () => {
  it('provides what the legacy exports do: the API, the page, the runs and launch tabs and the runs card', () => {
    expect(plugin.pluginId).toBe('openchoreo-workflows');
    for (const id of [
      'api:openchoreo-workflows',
      'page:openchoreo-workflows',
      'entity-content:openchoreo-workflows/workflow-runs',
      'entity-content:openchoreo-workflows/workflow-launch',
      'entity-card:openchoreo-workflows/workflow-runs',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
    expect(isOpenChoreoWorkflowsAvailable).toBeInstanceOf(Function);
  });
});
