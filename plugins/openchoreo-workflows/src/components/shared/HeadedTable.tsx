import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { ReactNode } from 'react';

/** A small table with a caption read by screen readers and column headers; the rows are its children. */
export const HeadedTable = (props: {
  caption: string;
  headers: string[];
  children: ReactNode;
}) => (
  <Table size="small" aria-label={props.caption}>
    <TableHead>
      <TableRow>
        {props.headers.map(h => (
          <TableCell key={h} component="th" scope="col" role="columnheader">
            {h}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
    <TableBody>{props.children}</TableBody>
  </Table>
);
