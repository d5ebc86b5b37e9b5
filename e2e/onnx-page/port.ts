/** Port of the ONNX parity page's preview server: playwright.config.ts starts it, e2e/onnx.spec.ts visits it. */
export const ONNX_PAGE_PORT = 4174;
