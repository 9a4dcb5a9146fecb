import type { Context } from 'hono'

/**
 * An error as Supabase Storage renders it: the HTTP status is 400 for anything the caller did (500 for our own
 * failures) and the real status sits in the body's `statusCode`, which storage-js reports as
 * `StorageApiError.statusCode`, with `code` beside it.
 */
export class StorageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

export const errors = {
  noSuchBucket: () => new StorageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => new StorageError(404, 'NoSuchKey', 'not_found', 'Object not found'),
  accessDenied: (message = 'new row violates row-level security policy') =>
    new StorageError(403, 'AccessDenied', 'Unauthorized', message),
  duplicate: () => new StorageError(409, 'ResourceAlreadyExists', 'Duplicate', 'The resource already exists'),
  bucketNotEmpty: () =>
    new StorageError(
      409,
      'InvalidRequest',
      'Bucket not empty',
      'The bucket you tried to delete is not empty',
    ),
  invalidJwt: (message: string) => new StorageError(400, 'InvalidJWT', 'Unauthorized', message),
  invalidKey: (key: string) => new StorageError(400, 'InvalidKey', 'Invalid Input', `Invalid key: ${key}`),
  invalidRequest: (message: string) => new StorageError(400, 'InvalidRequest', 'Invalid Input', message),
  invalidMimeType: (type: string) =>
    new StorageError(415, 'InvalidMimeType', 'invalid_mime_type', `mime type ${type} is not supported`),
  entityTooLarge: () =>
    new StorageError(
      413,
      'EntityTooLarge',
      'Payload too large',
      'The object exceeded the maximum allowed size',
    ),
  missingAuthorization: () =>
    new StorageError(400, 'InvalidRequest', 'Error', "headers must have required property 'authorization'"),
}

/** Renders an error the way the Storage server's error handler does; anything unexpected is a 500. */
export function renderError(c: Context, error: unknown): Response {
  // Refused before the body was read (a declared size, a policy): the connection cannot carry another request.
  if (c.req.raw.body && !c.req.raw.bodyUsed) c.header('Connection', 'close')
  if (error instanceof StorageError) {
    return c.json(
      { statusCode: String(error.statusCode), code: error.code, error: error.error, message: error.message },
      error.statusCode >= 500 ? 500 : 400,
    )
  }
  const pgCode = (error as { code?: string } | null)?.code
  if (pgCode === '42501') return renderError(c, errors.accessDenied((error as Error).message))
  if (pgCode === '23505') return renderError(c, errors.duplicate())
  console.error('storage:', error)
  return c.json(
    { statusCode: '500', code: 'InternalError', error: 'internal', message: 'Internal Server Error' },
    500,
  )
}
