import { TypedRouter } from '@backstage/backend-openapi-utils';
import { EndpointMap } from '../../schema/openapi';
import type { ClusterRegistry } from '../ClusterRegistry';
import type { Access } from './access';

/** The router `createOpenApiRouter` makes: requests validated by the document, handlers typed by it. */
export type ApiRouter = TypedRouter<EndpointMap>;

/** What every group of routes needs: the clusters, and the caller's access to them. */
export interface RouteDeps {
  clusters: ClusterRegistry;
  access: Access;
}

/** A query parameter's value, or undefined when absent or empty. */
export const str = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : undefined;
