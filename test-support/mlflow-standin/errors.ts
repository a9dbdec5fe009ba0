/**
 * MLflow error codes, their HTTP statuses, and the messages the real server gives.
 */

export type ErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'BAD_REQUEST'
  | 'INTERNAL_ERROR'

export const ERROR_STATUS: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400, // 400, not 409 (capture 014)
  BAD_REQUEST: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  INTERNAL_ERROR: 500
}

export class MlflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

export const invalid = (message: string): MlflowError =>
  new MlflowError('INVALID_PARAMETER_VALUE', message)

export const notFound = (message: string): MlflowError =>
  new MlflowError('RESOURCE_DOES_NOT_EXIST', message)

export const modelNotFound = (name: string): MlflowError =>
  notFound(`Registered Model with name=${name} not found`)

export const versionNotFound = (name: string, version: string): MlflowError =>
  notFound(`Model Version (name=${name}, version=${version}) not found`)

export const runNotFound = (id: string): MlflowError => notFound(`Run with id=${id} not found`)
