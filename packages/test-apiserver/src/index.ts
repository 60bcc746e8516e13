/**
 * A real Kubernetes API server (the full kube-apiserver with an embedded etcd)
 * for integration tests, and the Go tools of this repository.
 *
 * @packageDocumentation
 */

export { requestJson, startTestApiServer } from './startTestApiServer';
export type { TestApiServer, TestApiServerOptions } from './startTestApiServer';
export { findOpenChoreoFixturesDir, findUp } from './findUp';
export { goToolBinary } from './goTool';
export type { GoTool } from './goTool';
export { startChildProcess } from './childProcess';
export type { ChildProcessOptions, RunningChild } from './childProcess';
