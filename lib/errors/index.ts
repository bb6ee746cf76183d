export {
  AbortedError,
  CallEndedError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  MalformedRequestError,
  NotFoundError,
  ResourceExhaustedError,
  UnavailableError,
  type DependencyErrorOptions,
  type SharedDependency,
} from './domain-errors.js';
