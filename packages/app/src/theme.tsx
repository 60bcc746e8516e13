import { AppTheme } from '@backstage/core-plugin-api';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { Theme } from '@material-ui/core';
import { red } from '@material-ui/core/colors';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * Backstage's light and dark themes with two changes for WCAG AA contrast:
 * an unselected header tab (HeaderTabs, also under EntityLayout) drops the
 * 0.7 opacity of MUI's inherit-colour tab, which put its secondary-text
 * label at 2.6:1 on the paper; it stays apart from the selected tab by
 * colour and the indicator.
 */
const components = {
  BackstageHeaderTabs: {
    styleOverrides: {
      // `&&` doubles the class: MUI's `textColorInherit` rule has one class too.
      tabRoot: { '&&': { opacity: 1 } },
    },
  },
};

/**
 * The second change: the error colour. Backstage's palettes leave MUI's
 * #f44336, which form errors (helper texts, labels) show at 3.7:1 on white and
 * 2.7:1 on the dark paper; Backstage's own error text red, and a light red on
 * dark, pass 4.5:1 on both backgrounds (theme.test.ts).
 */
const light = createUnifiedTheme({
  palette: { ...palettes.light, error: { main: palettes.light.errorText } },
  components,
});
const dark = createUnifiedTheme({
  palette: { ...palettes.dark, error: { main: red[200] } },
  components,
});

/** The app's Material UI v4 themes, for tests that check their colours. */
export const muiThemes = {
  light: light.getTheme('v4') as Theme,
  dark: dark.getTheme('v4') as Theme,
};

export const themes: AppTheme[] = [
  {
    id: 'light',
    title: 'Light Theme',
    variant: 'light',
    icon: <LightIcon />,
    Provider: ({ children }) => (
      <UnifiedThemeProvider theme={light}>{children}</UnifiedThemeProvider>
    ),
  },
  {
    id: 'dark',
    title: 'Dark Theme',
    variant: 'dark',
    icon: <DarkIcon />,
    Provider: ({ children }) => (
      <UnifiedThemeProvider theme={dark}>{children}</UnifiedThemeProvider>
    ),
  },
];
