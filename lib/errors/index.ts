export {
  AbortedError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from './domain-errors.js';
