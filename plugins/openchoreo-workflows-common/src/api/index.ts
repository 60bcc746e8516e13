export * from './types';
export * from './stepLogs';
export * from './compareRuns';
