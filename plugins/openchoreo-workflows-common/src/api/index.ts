export * from './types';
export * from './stepLogs';
export * from './compareRuns';
export * from './runSummary';
