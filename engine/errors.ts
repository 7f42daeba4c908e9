/**
 * Typed errors the engine throws for bad input. Each names what is wrong, where, and the fix,
 * so a CLI, a widget box or an extension panel can show it as is. They survive a comlink
 * boundary as `name` + `message`, so the message alone must carry everything.
 */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  constructor(
    /** The plan field at fault: 'stop', 'ladder', 'trail', 'entry', ... */
    readonly field: string,
    message: string,
    /** Character offset inside the field's text, when the text form was at fault. */
    readonly position?: number,
  ) {
    super(message);
  }
}

export class BarsError extends Error {
  override readonly name = 'BarsError';
  constructor(
    /** 1-based row as a person counts it in the file (header included), or the array index + 1. */
    readonly row: number,
    /** The column at fault ('time', 'high', ...) or '' for the whole row/file. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
