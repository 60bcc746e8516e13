import { alertApiRef, AlertMessage, useApi } from '@backstage/core-plugin-api';
import { IconButton, Snackbar, SnackbarContent } from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { useEffect, useState } from 'react';

const TRANSIENT_MS = 5000;

/**
 * The app's alerts (alertApi), one at a time, like Backstage's AlertDisplay
 * but with a close button that has a name: AlertDisplay's icon-only close
 * button has none (axe button-name, critical).
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

  if (!first) return null;
  return (
    <Snackbar open anchorOrigin={{ vertical: 'top', horizontal: 'center' }}>
      <SnackbarContent
        message={
          <span>
            {String(first.message)}
            {messages.length > 1 && <em> ({messages.length - 1} more)</em>}
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
