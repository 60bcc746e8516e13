/** Kubernetes protobuf bodies written by Kubernetes' own code (test fixtures). */

/** What kubectl 1.32.4 sends for `kubectl create namespace x` (captured with -v=8). */
export const KUBECTL_CREATE_NAMESPACE_X = Buffer.from(
  '6b3873000a0f0a02763112094e616d65737061636512190a110a0178120' +
    '01a0022002a0032003800420012001a020a001a002200',
  'hex',
);

/**
 * A Namespace with every ObjectMeta field kind, as k8s.io/apimachinery v0.36.3's protobuf
 * serializer encodes it (labels tier=web owner=platform, annotation note=héllo, a controller
 * owner reference, a finalizer, creationTimestamp 2026-01-01T00:00:00Z, grace period 30,
 * one managedFields entry, spec.finalizers [kubernetes], status.phase Active).
 */
export const FULL_NAMESPACE = Buffer.from(
  '6b3873000a0f0a02763112094e616d65737061636512f1010ad6010a067465616d2d6112001a0022002a' +
    '003200380042080880f2d6ca061000501e5a110a056f776e65721208706c6174666f726d5a0b0a0474' +
    '6965721203776562620e0a046e6f7465120668c3a96c6c6f6a2c0a0750726f6a6563741a01702203752d' +
    '312a176f70656e63686f72656f2e6465762f7631616c70686131300172106578616d706c652e636f6d2f' +
    '6b6565708a01430a076b75626563746c12065570646174651a02763132084669656c647356313a200a1e' +
    '7b22663a6d65746164617461223a7b22663a6c6162656c73223a7b7d7d7d4200120c0a0a6b756265726e' +
    '657465731a080a064163746976651a002200',
  'hex',
);
