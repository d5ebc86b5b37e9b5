import { create, toBinary } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';

/** An attribute value with its ONNX type spelled out (a JS number alone cannot say int or float). */
export type OnnxAttribute = { int: number } | { float: number } | { ints: number[] } | { string: string };

/** A dimension: a fixed size or a symbolic name such as "batch". */
export type OnnxDim = number | string;

export type OnnxElementType = 'float' | 'int64';

const ELEMENT_TYPES: Record<OnnxElementType, TensorProto_DataType> = {
  float: TensorProto_DataType.FLOAT,
  int64: TensorProto_DataType.INT64,
};

/** ONNX IR version 9 (2023) is enough for opset 20 and is read by every onnxruntime since 1.16. */
const IR_VERSION = 9n;

function attribute(name: string, value: OnnxAttribute): AttributeProto {
  if ('int' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value.int) });
  if ('float' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value.float });
  if ('ints' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: value.ints.map(BigInt) });
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value.string) });
}

function valueInfo(name: string, type: OnnxElementType, dims: OnnxDim[]): ValueInfoProto {
  const dim = dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, {
      value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
    }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: ELEMENT_TYPES[type], shape: create(TensorShapeProtoSchema, { dim }) }) },
    }),
  });
}

function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array<ArrayBuffer> {
  // Copy: rawData must be its own buffer, and typed arrays use the host byte order (little-endian on
  // every platform JS runs on, which is what ONNX rawData requires).
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
}

/**
 * Builds one ONNX graph node by node. Every helper returns the name of the tensor it produced,
 * so a model reads like the forward pass it describes.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly taken = new Set<string>();

  /** A fresh tensor name: `base`, or `base_1`, `base_2`, ... when taken. */
  private fresh(base: string): string {
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  input(name: string, type: OnnxElementType, dims: OnnxDim[]): string {
    const unique = this.fresh(name);
    this.inputs.push(valueInfo(unique, type, dims));
    return unique;
  }

  /** Declares an existing tensor (name it when creating its node) as a graph output. */
  output(tensor: string, type: OnnxElementType, dims: OnnxDim[]): void {
    if (!this.taken.has(tensor)) throw new Error(`ONNX output "${tensor}" is not produced by any node of the graph.`);
    this.outputs.push(valueInfo(tensor, type, dims));
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    return this.initializer(name, dims, TensorProto_DataType.FLOAT, values);
  }

  int64s(name: string, values: number[]): string {
    return this.initializer(name, [values.length], TensorProto_DataType.INT64, BigInt64Array.from(values.map(BigInt)));
  }

  private initializer(name: string, dims: number[], dataType: TensorProto_DataType, values: Float32Array | BigInt64Array): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (expected !== values.length) throw new Error(`ONNX initializer "${name}": dims [${dims}] need ${expected} values, got ${values.length}.`);
    const unique = this.fresh(name);
    this.initializers.push(create(TensorProtoSchema, { name: unique, dims: dims.map(BigInt), dataType, rawData: littleEndianBytes(values) }));
    return unique;
  }

  /** Adds a single-output node and returns its output's name (`name` or the op type, made unique). */
  node(opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, name?: string): string {
    return this.nodeOutputs(opType, inputs, 1, attributes, name)[0];
  }

  nodeOutputs(opType: string, inputs: string[], outputCount: number, attributes: Record<string, OnnxAttribute> = {}, name?: string): string[] {
    const base = name ?? opType.toLowerCase();
    const output = Array.from({ length: outputCount }, (_, i) => this.fresh(outputCount === 1 ? base : `${base}_${i}`));
    this.nodes.push(
      create(NodeProtoSchema, {
        name: `${opType}:${output[0]}`,
        opType,
        input: inputs,
        output,
        attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
      }),
    );
    return output;
  }

  toBinary(options: { graphName: string; opset: number; producer: string; metadata?: Record<string, string> }): Uint8Array {
    const graph = create(GraphProtoSchema, {
      name: options.graphName,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    const model = create(ModelProtoSchema, {
      irVersion: IR_VERSION,
      producerName: options.producer,
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(options.opset) })],
      graph,
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    });
    return toBinary(ModelProtoSchema, model);
  }
}
