export { RunsTable, type RunsTableProps } from './RunsTable';
