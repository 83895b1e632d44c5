export {
  createDelivery,
  type Delivery,
  type DeliveryOptions,
  type EnqueueItem,
  type EnqueueOptions,
} from './create-delivery.js';
export { DeliveryError, DeliveryErrorCode } from './errors.js';
export { DELIVERY_IDENTIFIER_SYSTEM, type Hl7NoteInput } from './freeze.js';
export type { RetryPolicy } from './backoff.js';
export type { Queryable } from './queryable.js';
export type { Delivered } from './worker.js';
export {
  DeliveryState,
  type DeliveryEvent,
  type DeliveryFailure,
  type DeliveryKind,
  type DeliveryStatus,
  type DeliveryStep,
} from './types.js';
