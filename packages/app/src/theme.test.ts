import { getContrastRatio } from '@material-ui/core';
import { muiThemes } from './theme';

describe('app themes', () => {
  it.each(['light', 'dark'] as const)(
    'show errors (form helper texts and labels) at WCAG AA contrast on every background (%s)',
    type => {
      const { palette } = muiThemes[type];
      for (const background of [
        palette.background.default,
        palette.background.paper,
      ]) {
        expect(
          getContrastRatio(palette.error.main, background),
        ).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});
