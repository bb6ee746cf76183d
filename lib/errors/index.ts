export {
  AbortedError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  UnavailableError,
  type DependencyErrorOptions,
  type SharedDependency,
} from './domain-errors.js';
