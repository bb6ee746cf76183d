export { OrdermeshError } from './ordermesh-error.js';
export { StatusCarryingError } from './status-carrying-error.js';
export {
  AbortedError,
  CallEndedError,
  DependencyError,
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
