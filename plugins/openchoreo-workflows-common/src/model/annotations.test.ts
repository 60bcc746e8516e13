import {
  parseWorkflowAnnotation,
  workflowAnnotationValue,
} from './annotations';

describe('the workflow annotation', () => {
  it('reads back what the catalog provider writes, for both kinds', () => {
    expect(
      parseWorkflowAnnotation(
        workflowAnnotationValue('Workflow', 'team-a', 'build'),
      ),
    ).toEqual({ kind: 'Workflow', namespace: 'team-a', name: 'build' });
    expect(
      parseWorkflowAnnotation(
        workflowAnnotationValue('ClusterWorkflow', undefined, 'provision'),
      ),
    ).toEqual({ kind: 'ClusterWorkflow', name: 'provision' });
  });
});
