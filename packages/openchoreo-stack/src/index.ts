/**
 * The real OpenChoreo stack on loopback, and OpenChoreo's own rendering code as
 * a test oracle.
 *
 * @packageDocumentation
 */

export { OpenChoreoOracle } from './oracle/OpenChoreoOracle';
export type {
  GoNumberType,
  OracleCase,
  OracleOptions,
  OracleResult,
} from './oracle/OpenChoreoOracle';
export { startOpenChoreoStack } from './stack/startOpenChoreoStack';
export type {
  OpenChoreoStack,
  OpenChoreoStackInfo,
  OpenChoreoStackOptions,
  StackService,
} from './stack/startOpenChoreoStack';
export { argoCrds } from './stack/argoCrds';
export { argoExecutor } from './stack/argoExecutor';
export {
  collectionPath,
  createObjects,
  demoWorkflowObjects,
} from './stack/demo';
export type { StackExecutorOptions } from './stack/argoExecutor';
export {
  OPENCHOREO_VERSION,
  loadYamlDocuments,
  openChoreoCrds,
  openChoreoModuleDir,
} from './stack/openchoreoModule';
export { main as runCli } from './cli';
