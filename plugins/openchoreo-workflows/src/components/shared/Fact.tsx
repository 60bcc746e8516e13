import { Box, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

/** One term and its value in a description list; a dash when the value is empty. */
export const Fact = ({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) => (
  <Box mr={4} mb={1}>
    <Typography variant="overline" component="dt">
      {label}
    </Typography>
    <Typography variant="body1" component="dd" style={{ margin: 0 }}>
      {children || '—'}
    </Typography>
  </Box>
);
