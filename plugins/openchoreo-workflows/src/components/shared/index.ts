export { RunStatus } from './RunStatus';
export * from './format';
export * from './links';
export { useRunEvents } from './useRunEvents';
export { formValidator } from './formValidator';
export { ClusterBanner } from './ClusterBanner';
export { StreamNotice } from './StreamNotice';
export * from './filters';
export { useOpenRun, runOfState } from './openRun';
