// Test-only helpers (imported by *.test.tsx files only): fixtures, rendering, the backend's streams.
export * from './fixtures';
export * from './longLog';
export * from './render';
export * from './runPage';
