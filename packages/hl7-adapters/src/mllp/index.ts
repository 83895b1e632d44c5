/**
 * MLLP transport (client and server on Node `net`). It moves strings; it does not parse HL7
 * beyond a tiny raw reader of MSH-10 / MSA-2 used to match replies to requests.
 */
export {
  MLLP_CR,
  MLLP_END,
  MLLP_START,
  DEFAULT_MAX_FRAME_BYTES,
  MllpEncoding,
  encodeMllpFrame,
} from './frame.js';
export {
  MllpFrameDecoder,
  MllpFrameErrorReason,
  type MllpDecodeEvent,
  type MllpFrameDecoderOptions,
} from './decoder.js';
export {
  ControlIdRole,
  defaultGetControlId,
  readAckCode,
  readAckControlId,
  readMessageControlId,
  type GetControlId,
} from './control-id.js';
export type { MllpLogger } from './logger.js';
export { encodingForMsh18, readMsh18, type MllpFrameInfo } from './charset.js';
export type { MllpTimers } from './timers.js';
export { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_CONNECTIONS } from './server-options.js';
export {
  createMllpServer,
  type MllpConnectionContext,
  type MllpFrameErrorInfo,
  type MllpReply,
  type MllpServer,
  type MllpServerOptions,
} from './server.js';
export {
  createMllpClient,
  MllpReturnAck,
  type ClientConnectionState,
  type MllpClient,
  type MllpClientOptions,
  type MllpSendOptions,
} from './client.js';
export type { TelemetryOptions } from '../telemetry/telemetry-options.js';
