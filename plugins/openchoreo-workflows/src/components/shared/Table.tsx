import {
  Table as BackstageTable,
  TableProps,
} from '@backstage/core-components';

/**
 * Backstage's Table with the column drag-and-drop of material-table turned
 * off: each sortable header's drag handle (a focusable role=button) sits
 * inside its sort label (another role=button), which axe reports as
 * nested-interactive. Sorting stays, one control per header.
 */
export function Table<T extends object>(props: TableProps<T>) {
  return (
    <BackstageTable<T>
      {...props}
      options={{ ...props.options, draggable: false }}
    />
  );
}
