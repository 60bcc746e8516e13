import { Box, Tab, Tabs } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import { useState } from 'react';
import { StepEvents, useStepEvents, warningCount } from './StepEvents';
import { StepLogs, StepLogsProps } from './StepLogs';

/**
 * The selected step: its log, and its pod's Kubernetes Events (what explains
 * a step that does not start: image pulls, scheduling). The Events tab shows
 * how many Warnings there are while the log is shown.
 */
export const StepPanel = (props: StepLogsProps) => {
  const { cluster, namespace, runName, task, live } = props;
  const [tab, setTab] = useState<'logs' | 'events'>('logs');
  const events = useStepEvents(namespace, runName, task, live, cluster);
  const warnings = warningCount(events);
  return (
    <Box>
      <Tabs
        value={tab}
        onChange={(_, value) => setTab(value)}
        aria-label={`Step ${task}`}
        indicatorColor="primary"
      >
        <Tab value="logs" label="Logs" />
        <Tab
          value="events"
          label={
            <Box display="flex" alignItems="center" gridGap={4}>
              {warnings > 0 && (
                <WarningIcon fontSize="small" color="error" aria-hidden />
              )}
              {warnings > 0
                ? `Events (${warnings} warning${warnings === 1 ? '' : 's'})`
                : 'Events'}
            </Box>
          }
        />
      </Tabs>
      <Box pt={2}>
        {/* Kept mounted: switching tabs does not restart the log stream. */}
        <div hidden={tab !== 'logs'}>
          <StepLogs {...props} />
        </div>
        {tab === 'events' && <StepEvents task={task} state={events} />}
      </Box>
    </Box>
  );
};
