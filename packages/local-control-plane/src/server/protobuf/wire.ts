/**
 * The protobuf wire format (https://protobuf.dev/programming-guides/encoding/): tags, varints
 * and length-delimited fields. Reading past the end throws a ProtobufError.
 */
export class ProtobufError extends Error {}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length)
        throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  tag(): { field: number; wireType: number } {
    const key = Number(this.varint());
    const field = key >>> 3;
    if (field === 0) throw new ProtobufError('field number 0');
    return { field, wireType: key & 7 };
  }

  /** The payload of a length-delimited field. */
  bytes(): Uint8Array {
    const length = Number(this.varint());
    if (length > this.buf.length - this.pos)
      throw new ProtobufError('truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Skips a field's value (unknown fields are ignored, as Go's generated decoders do). */
  skip(wireType: number) {
    if (wireType === WIRE_VARINT) this.varint();
    else if (wireType === WIRE_BYTES) this.bytes();
    else if (wireType === WIRE_FIXED64 || wireType === WIRE_FIXED32) {
      const size = wireType === WIRE_FIXED64 ? 8 : 4;
      if (size > this.buf.length - this.pos)
        throw new ProtobufError('truncated fixed-size field');
      this.pos += size;
    } else throw new ProtobufError(`unsupported wire type ${wireType}`);
  }
}
