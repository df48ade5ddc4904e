/** An error with an HTTP status and a stable id; the error middleware turns it into JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) =>
  new HttpError(400, 'bad_request', message, field);
export const invalid = (message: string, field?: string) => new HttpError(400, 'invalid', message, field);
export const unauthorized = (message = 'log in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'your role does not allow this') =>
  new HttpError(403, 'forbidden', message);
export const notFound = (what = 'not found') => new HttpError(404, 'not_found', what);
export const conflict = (message: string, id = 'conflict') => new HttpError(409, id, message);
export const tooLarge = (message: string) => new HttpError(413, 'too_large', message);
export const tooManyRequests = (message: string, id = 'rate_limited') => new HttpError(429, id, message);
