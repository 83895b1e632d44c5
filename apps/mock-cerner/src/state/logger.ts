// The Logger and its silent default are core's (the same in every cerner-kit package),
// re-exported here because they are part of the mock's public API. createMockCerner wraps the
// caller's logger with core's guardLogger, so a logger that throws never breaks a request.
export { silentLogger, type Logger } from '@cerner-kit/core';
