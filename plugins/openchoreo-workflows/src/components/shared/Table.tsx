import {
  Table as BackstageTable,
  TableProps,
} from '@backstage/core-components';
import { useMemo } from 'react';

/**
 * Backstage's Table with the column drag-and-drop of material-table turned
 * off: each sortable header's drag handle (a focusable role=button) sits
 * inside its sort label (another role=button), which axe reports as
 * nested-interactive. Sorting stays, one control per header. The options
 * stay one object while the caller's do (material-table compares them).
 */
export function Table<T extends object>(props: TableProps<T>) {
  const { options } = props;
  const withoutDrag = useMemo(
    () => ({ ...options, draggable: false }),
    [options],
  );
  return <BackstageTable<T> {...props} options={withoutDrag} />;
}
