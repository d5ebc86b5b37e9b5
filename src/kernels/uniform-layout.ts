/** The scalar types a kernel's uniform struct holds (4 bytes each). */
export type UniformScalar = 'f32' | 'u32';

/**
 * A WGSL uniform struct of 4-byte scalars, written from one field list in the struct's order: the
 * TypeScript side names each field once and the byte offsets follow (uniform-layout.test.ts checks
 * every list against its struct).
 */
export interface UniformLayout<T> {
  readonly fields: ReadonlyArray<readonly [keyof T & string, UniformScalar]>;
  /** The struct's size: its fields rounded up to 16 bytes, as WGSL sizes a uniform struct. */
  readonly bytes: number;
  pack(values: T): ArrayBuffer;
}

export function uniformLayout<T extends { [K in keyof T]: number }>(fields: ReadonlyArray<readonly [keyof T & string, UniformScalar]>): UniformLayout<T> {
  const bytes = Math.ceil((fields.length * 4) / 16) * 16;
  return {
    fields,
    bytes,
    pack(values) {
      const data = new ArrayBuffer(bytes);
      const view = new DataView(data);
      fields.forEach(([name, type], i) => {
        if (type === 'f32') view.setFloat32(i * 4, values[name], true);
        else view.setUint32(i * 4, values[name], true);
      });
      return data;
    },
  };
}
