/**
 * A real Kubernetes API server (CRDs and custom resources) for integration tests.
 *
 * @packageDocumentation
 */

export { startTestApiServer } from './startTestApiServer';
export type { TestApiServer, TestApiServerOptions } from './startTestApiServer';
export { findOpenChoreoFixturesDir } from './findUp';
