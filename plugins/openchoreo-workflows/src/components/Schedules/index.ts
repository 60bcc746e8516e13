export { SchedulesPage, SCHEDULE_PARAM } from './SchedulesPage';
export { ScheduleButton } from './ScheduleButton';
