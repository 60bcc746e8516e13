import { TypedRouter } from '@backstage/backend-openapi-utils';
import { EndpointMap } from '../../schema/openapi';

/** The router `createOpenApiRouter` makes: requests validated by the document, handlers typed by it. */
export type ApiRouter = TypedRouter<EndpointMap>;

/** A query parameter's value, or undefined when absent or empty. */
export const str = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : undefined;
