import { NAMESPACE } from '../protobuf/messages';
import { ResourceType } from '../types';

/** The built-in kinds the local control plane serves: what its controllers and kubectl need. */
const core = (
  r: Partial<ResourceType> &
    Pick<ResourceType, 'kind' | 'plural' | 'namespaced'>,
): ResourceType => ({
  group: '',
  version: 'v1',
  listKind: `${r.kind}List`,
  singular: r.kind.toLowerCase(),
  hasStatusSubresource: false,
  hasGeneration: false,
  requireResourceVersionOnUpdate: false,
  ...r,
});

export const NAMESPACES = core({
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  shortNames: ['ns'],
  protobuf: NAMESPACE,
  hasStatusSubresource: true,
  subresources: ['status'],
  prepareForCreate(obj) {
    (obj as any).spec = {
      finalizers: ['kubernetes'],
      ...((obj as any).spec ?? {}),
    };
    (obj as any).status = { phase: 'Active' };
    obj.metadata.labels = {
      ...(obj.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': obj.metadata.name,
    };
  },
});

/** @public */
export const PODS = core({
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  hasStatusSubresource: true,
  subresources: ['status', 'log'],
  validate(obj) {
    const containers = (obj as any).spec?.containers;
    return Array.isArray(containers) && containers.length > 0
      ? []
      : [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.containers',
          },
        ];
  },
  prepareForCreate(obj) {
    (obj as any).status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
});

/** @public */
export const EVENTS = core({
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
  /** The apiserver's rule (legacyValidateEvent): an event lives in its object's namespace, `default` for cluster-scoped ones. */
  validate(obj) {
    const involved = (obj as any).involvedObject?.namespace ?? '';
    const ns = obj.metadata.namespace ?? '';
    const ok = involved ? involved === ns : ns === '' || ns === 'default';
    return ok
      ? []
      : [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(
              involved,
            )}: does not match event.namespace`,
            field: 'involvedObject.namespace',
          },
        ];
  },
});

export const CRDS_RESOURCE: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  listKind: 'CustomResourceDefinitionList',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  hasStatusSubresource: true,
  hasGeneration: true,
  requireResourceVersionOnUpdate: true,
  subresources: ['status'],
};
