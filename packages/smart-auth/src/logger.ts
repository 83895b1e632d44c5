// The Logger, its default and the throw-safe call live in @cerner-kit/core (shared by every
// package); re-exported here because they are part of this package's public API.
export { safeLog, silentLogger, type Logger } from '@cerner-kit/core';
