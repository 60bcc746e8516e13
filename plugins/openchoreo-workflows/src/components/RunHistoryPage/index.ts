export { RunHistoryPage } from './RunHistoryPage';
