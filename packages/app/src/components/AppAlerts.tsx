import { alertApiRef, AlertMessage, useApi } from '@backstage/core-plugin-api';
import {
  darken,
  IconButton,
  lighten,
  makeStyles,
  Snackbar,
  SnackbarContent,
  Theme,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import ErrorIcon from '@material-ui/icons/ErrorOutline';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import SuccessIcon from '@material-ui/icons/CheckCircleOutline';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import { useEffect, useState } from 'react';

const TRANSIENT_MS = 5000;

/** An alert's severity (alertApi's default is success). */
export type Severity = NonNullable<AlertMessage['severity']>;

const icons = {
  error: { Icon: ErrorIcon, name: 'Error' },
  warning: { Icon: WarningIcon, name: 'Warning' },
  info: { Icon: InfoIcon, name: 'Information' },
  success: { Icon: SuccessIcon, name: 'Success' },
};

/**
 * The colours of an alert of `severity`, from the theme's palette as MUI's
 * standard Alert makes them: a pale tint of the severity's colour with text
 * of its deep shade (the reverse in the dark theme), at least 4.5:1 (checked
 * in the test); the border and icon carry the severity's own colour.
 */
export function severityColors(theme: Theme, severity: Severity) {
  const main = theme.palette[severity].main;
  const light = theme.palette.type === 'light';
  return {
    color: light ? darken(main, 0.6) : lighten(main, 0.6),
    backgroundColor: light ? lighten(main, 0.9) : darken(main, 0.9),
    borderColor: main,
  };
}

const useStyles = makeStyles<Theme, { severity: Severity }>(theme => ({
  alert: ({ severity }) => ({
    ...severityColors(theme, severity),
    borderStyle: 'solid',
    borderWidth: 1,
    borderLeftWidth: 6,
  }),
  message: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  icon: ({ severity }) => ({ color: theme.palette[severity].main }),
}));

/**
 * The app's alerts (alertApi), one at a time, like Backstage's AlertDisplay
 * but with a close button that has a name: AlertDisplay's icon-only close
 * button has none (axe button-name, critical). The severity shows in colour
 * and in a named icon, so it is not told by colour alone.
 */
export const AppAlerts = () => {
  const alertApi = useApi(alertApiRef);
  const [messages, setMessages] = useState<AlertMessage[]>([]);
  useEffect(() => {
    const subscription = alertApi
      .alert$()
      .subscribe(message => setMessages(all => all.concat(message)));
    return () => subscription.unsubscribe();
  }, [alertApi]);

  const [first] = messages;
  const close = () => setMessages(all => all.filter(m => m !== first));
  useEffect(() => {
    if (first?.display !== 'transient') return undefined;
    const timeout = setTimeout(
      () => setMessages(all => all.filter(m => m !== first)),
      TRANSIENT_MS,
    );
    return () => clearTimeout(timeout);
  }, [first]);

  const severity = first?.severity ?? 'success';
  const classes = useStyles({ severity });
  if (!first) return null;
  const { Icon, name } = icons[severity];
  return (
    <Snackbar open anchorOrigin={{ vertical: 'top', horizontal: 'center' }}>
      <SnackbarContent
        className={classes.alert}
        message={
          <span className={classes.message}>
            <Icon className={classes.icon} titleAccess={name} />
            <span>
              {String(first.message)}
              {messages.length > 1 && <em> ({messages.length - 1} more)</em>}
            </span>
          </span>
        }
        action={
          <IconButton
            color="inherit"
            size="small"
            aria-label="Close alert"
            onClick={close}
          >
            <CloseIcon />
          </IconButton>
        }
      />
    </Snackbar>
  );
};
