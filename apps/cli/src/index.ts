export { connect, ConfigError, type Connection } from './config.js';
export { flagsToInput } from './flags.js';
export { runDemoSteps, type DemoStep } from './demo-steps.js';
