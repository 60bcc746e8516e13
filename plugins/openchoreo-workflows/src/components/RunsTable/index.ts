export { RunsTable, type RunsTableProps, type RunSelection } from './RunsTable';
