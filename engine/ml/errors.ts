/**
 * Bad input to the reversal model: names what is at fault (a feature, a bar, a setting, the
 * model file) and says what to do about it.
 */
export class MlError extends Error {
  override readonly name = 'MlError';
  constructor(
    /** The input at fault: 'bars', 'features', 'horizon', 'up', 'down', 'model', ... */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
