export { otelHarness, type OtelHarness } from './otel-harness.js';
export { spanTree, treeOutline, type SpanNode } from './span-tree.js';
export { exportedText, findLeaks } from './exported-text.js';
