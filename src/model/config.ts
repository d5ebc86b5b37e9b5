/** GPT-2-style decoder configuration (method.md §1). */
export interface GptConfig {
  vocabSize: number;
  /** Maximum sequence length (learned positions). */
  contextLength: number;
  layers: number;
  heads: number;
  dModel: number;
}

export type PresetName = 'tiny' | 'small' | 'base';

export const PRESETS: Record<PresetName, Pick<GptConfig, 'layers' | 'heads' | 'dModel'>> = {
  tiny: { dModel: 64, layers: 2, heads: 2 },
  small: { dModel: 128, layers: 4, heads: 4 },
  base: { dModel: 256, layers: 6, heads: 8 },
};

export function configFromPreset(preset: PresetName, vocabSize: number, contextLength: number): GptConfig {
  const shape = PRESETS[preset];
  if (!shape) throw new Error(`Unknown preset "${preset}". Choose one of: ${Object.keys(PRESETS).join(', ')}.`);
  return { ...shape, vocabSize, contextLength };
}

export function validateConfig(config: GptConfig): void {
  const { vocabSize, contextLength, layers, heads, dModel } = config;
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Model config: ${name} must be a positive integer, got ${value}.`);
  }
  if (dModel % heads !== 0) throw new Error(`Model config: dModel (${dModel}) must be divisible by heads (${heads}).`);
  if (vocabSize < 2) throw new Error(`Model config: vocabSize must be at least 2, got ${vocabSize}.`);
  if (contextLength < 2) throw new Error(`Model config: contextLength must be at least 2, got ${contextLength}.`);
  void layers;
}
