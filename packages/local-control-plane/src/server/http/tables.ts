import { IncomingMessage } from 'http';
import { KubeObject, ResourceType } from '../types';

/** `Accept: ...;as=Table`: kubectl get's server-side printing. */
export const wantsTable = (req: IncomingMessage) =>
  (req.headers.accept ?? '').includes('as=Table');

/** `kubectl get`'s server-side printing (`Accept: ...;as=Table`) for the kinds served here. */
function age(timestamp: string | undefined): string {
  const s = Math.max(
    0,
    Math.floor((Date.now() - Date.parse(timestamp ?? '')) / 1000),
  );
  if (!Number.isFinite(s)) return '<unknown>';
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

interface Column {
  name: string;
  cell(o: any): string | number;
}

const NAME: Column = { name: 'Name', cell: o => o.metadata.name };
const AGE: Column = {
  name: 'Age',
  cell: o => age(o.metadata.creationTimestamp),
};

function columnsFor(rt: ResourceType): Column[] {
  if (rt.group === '' && rt.plural === 'pods') {
    return [
      NAME,
      {
        name: 'Ready',
        cell: o => {
          const statuses = o.status?.containerStatuses ?? [];
          return `${statuses.filter((c: any) => c.ready).length}/${
            o.spec?.containers?.length ?? 0
          }`;
        },
      },
      { name: 'Status', cell: o => o.status?.phase ?? '' },
      { name: 'Restarts', cell: () => 0 },
      AGE,
    ];
  }
  if (rt.group === '' && rt.plural === 'namespaces') {
    return [NAME, { name: 'Status', cell: o => o.status?.phase ?? '' }, AGE];
  }
  if (rt.group === '' && rt.plural === 'events') {
    return [
      {
        name: 'Last Seen',
        cell: o => age(o.lastTimestamp ?? o.metadata.creationTimestamp),
      },
      { name: 'Type', cell: o => o.type ?? '' },
      { name: 'Reason', cell: o => o.reason ?? '' },
      {
        name: 'Object',
        cell: o =>
          `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${
            o.involvedObject?.name ?? ''
          }`,
      },
      { name: 'Message', cell: o => o.message ?? '' },
    ];
  }
  if (rt.group === 'argoproj.io' && rt.plural === 'workflows') {
    return [NAME, { name: 'Status', cell: o => o.status?.phase ?? '' }, AGE];
  }
  return [NAME, AGE];
}

/**
 * A Table of the objects. `noHeaders` leaves the column definitions out (null), as the
 * apiserver does for every watch event after the first.
 */
export function asTable(
  rt: ResourceType,
  items: KubeObject[],
  resourceVersion: string,
  opts: { noHeaders?: boolean } = {},
) {
  const columns = columnsFor(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: opts.noHeaders
      ? null
      : columns.map(c => ({
          name: c.name,
          type: 'string',
          format: c === NAME ? 'name' : '',
          description: c.name,
          priority: 0,
        })),
    rows: items.map(o => ({
      cells: columns.map(c => c.cell(o)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}
