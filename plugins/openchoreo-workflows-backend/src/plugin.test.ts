import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { openchoreoWorkflowsPlugin } from './plugin';

describe('openchoreoWorkflowsPlugin', () => {
  it('answers /health without a token', async () => {
    const { server } = await startTestBackend({
      features: [openchoreoWorkflowsPlugin],
    });
    const res = await request(server)
      .get('/api/openchoreo-workflows/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
