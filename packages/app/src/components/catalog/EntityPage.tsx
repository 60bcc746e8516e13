import {
  EntitySwitch,
  isKind,
  isResourceType,
} from '@backstage/plugin-catalog';
import { componentPage, defaultEntityPage } from './componentPage';
import { openchoreoWorkflowEntityPage } from './openchoreoWorkflowPage';
import { groupPage, userPage } from './orgPages';
import { apiPage, domainPage, systemPage } from './systemPages';

/** The entity page of every kind, each in its own file. */
export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('api')} children={apiPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case
      if={e =>
        isKind('resource')(e) && isResourceType('openchoreo-workflow')(e)
      }
      children={openchoreoWorkflowEntityPage}
    />

    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
