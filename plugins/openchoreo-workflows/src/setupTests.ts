import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Bounds, not speed checks: rendering RJSF forms and the run page takes
// seconds on two busy cores, so waits and tests get room before they fail.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
