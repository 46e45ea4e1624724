// The input's own fault, as the user must hear it: a Swedish message (it may name the user's file,
// never a person). The service reports it on the batch and does not try again.
export class InputError extends Error {
  override readonly name = 'InputError';
}
