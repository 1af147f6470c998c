/** Resumable uploads (tus 1.0.0): the server registrar, the service, and access to finished uploads for packaging. */
export { registerUploads, createUploadsRegistrar } from './register-uploads.ts';
export { TusService, type TusServiceConfig } from './tus-service.ts';
export { getFinishedUpload, lookupUpload, uploadFilePath, InvalidUploadIdError, type FinishedUpload, type UploadLookup } from './finished-upload.ts';
export { DEFAULT_UPLOAD_OPTIONS, uploadOptionsFromEnv, UploadOptionsError, type UploadOptions } from './upload-options.ts';
export type { UploadMetadata } from './parse-upload-metadata.ts';
