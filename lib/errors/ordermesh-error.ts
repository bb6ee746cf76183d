/**
 * Base of ordermesh's error classes (STYLE.md: small classes with readonly fields and a `cause`,
 * so callers branch on the class, never on text). It names the error after its class, so a
 * subclass needs no `name` of its own, and passes `cause` on to Error, where pino's err
 * serializer and util.inspect print the chain.
 */
export class OrdermeshError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
