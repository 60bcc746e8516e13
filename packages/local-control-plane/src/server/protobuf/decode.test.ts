import { decodeKubernetesProtobuf, decodeMessage } from './decode';
import { NAMESPACE } from './messages';
import { ProtobufError } from './wire';
import {
  FULL_NAMESPACE,
  KUBECTL_CREATE_NAMESPACE_X,
} from '../../__testUtils__/protobufFixtures';

describe('Kubernetes protobuf decoding', () => {
  it("decodes kubectl's create namespace body, leaving out the empty fields as JSON does", () => {
    expect(
      decodeKubernetesProtobuf(
        KUBECTL_CREATE_NAMESPACE_X,
        'Namespace',
        NAMESPACE,
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
      spec: {},
      status: {},
    });
  });

  it('decodes every ObjectMeta field as the apiserver would read it', () => {
    expect(
      decodeKubernetesProtobuf(FULL_NAMESPACE, 'Namespace', NAMESPACE),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a',
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionGracePeriodSeconds: 30,
        labels: { owner: 'platform', tier: 'web' },
        annotations: { note: 'héllo' },
        ownerReferences: [
          {
            apiVersion: 'openchoreo.dev/v1alpha1',
            kind: 'Project',
            name: 'p',
            uid: 'u-1',
            controller: true,
          },
        ],
        finalizers: ['example.com/keep'],
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'v1',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': { 'f:labels': {} } },
          },
        ],
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('skips fields it does not know, as Go decoders do', () => {
    // field 15 (varint 5), then metadata {name: "y"}
    const raw = Uint8Array.from([0x78, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0x79]);
    expect(decodeMessage(NAMESPACE, raw)).toEqual({ metadata: { name: 'y' } });
  });

  it('refuses what is not a Kubernetes protobuf object of the expected kind', () => {
    const decode =
      (body: Buffer, kind = 'Namespace') =>
      () =>
        decodeKubernetesProtobuf(body, kind, NAMESPACE);
    expect(decode(Buffer.from('{"kind":"Namespace"}'))).toThrow(
      /k8s\\0 prefix/,
    );
    expect(decode(KUBECTL_CREATE_NAMESPACE_X, 'Pod')).toThrow(
      'the body is a Namespace, not a Pod',
    );
    expect(decode(FULL_NAMESPACE.subarray(0, 60))).toThrow(ProtobufError);
    // an unknown field whose varint never ends
    expect(
      decode(Buffer.from('6b38730028ffffffffffffffffffffff', 'hex')),
    ).toThrow('varint longer than 10 bytes');
  });
});
