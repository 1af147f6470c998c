import { checkAdminKey } from '../auth/admin-key.ts';
import { handleCreate } from './handle-create.ts';
import { handleDelete } from './handle-delete.ts';
import { handleHead } from './handle-head.ts';
import { handleOptions } from './handle-options.ts';
import { handlePatch } from './handle-patch.ts';
import { sweepExpiredUploads } from './sweep-expired-uploads.ts';
import type { TusContext } from './tus-context.ts';
import { STATUS, TUS_VERSION } from './tus-protocol.ts';
import { effectiveMethod, header, uploadTarget, type TusRequest } from './tus-request.ts';
import { tusError, type TusResponse } from './tus-response.ts';
import { isUploadId } from './upload-id.ts';
import { UploadLocks } from './upload-locks.ts';
import { DEFAULT_UPLOAD_OPTIONS, type UploadOptions } from './upload-options.ts';
import { UploadStore } from './upload-store.ts';
import { loggablePath } from '../log/safe-url.ts';

export interface TusServiceConfig {
  dataDir: string;
  /** The operator key: creating an upload needs `Authorization: Bearer <adminKey>`. */
  adminKey: string;
  /**
   * Who may create an upload, given the `Authorization` header; default: the
   * operator key only. The server also lets author keys create (issue 16).
   */
  mayCreate?: (authorization: string | undefined) => Promise<boolean>;
  options?: Partial<UploadOptions>;
  /** Mount path; default `/uploads`. */
  basePath?: string;
  now?: () => number;
  /** Where unexpected (5xx) errors are reported. */
  /** An unexpected failure answered 500: a bug, reported (and counted) as a contained error. */
  logError?: (message: string, error: unknown) => void;
}

const COLLECTION_METHODS = 'OPTIONS, POST';
const UPLOAD_METHODS = 'OPTIONS, HEAD, PATCH, DELETE';

/**
 * The tus 1.0.0 server, independent of any HTTP library: a request plus its
 * body stream in, a response out. The uWS glue (upload-routes.ts) only copies
 * data in and out.
 */
export class TusService {
  readonly context: TusContext;
  private readonly mayCreate: (authorization: string | undefined) => Promise<boolean>;
  private readonly logError: (message: string, error: unknown) => void;
  private readonly active = new Set<Promise<TusResponse>>();

  constructor(config: TusServiceConfig) {
    this.context = {
      store: new UploadStore(config.dataDir),
      locks: new UploadLocks(),
      options: { ...DEFAULT_UPLOAD_OPTIONS, ...config.options },
      basePath: config.basePath ?? '/uploads',
      now: config.now ?? Date.now,
    };
    const adminKey = config.adminKey;
    this.mayCreate = config.mayCreate ?? (async (authorization) => checkAdminKey(authorization, adminKey));
    this.logError = config.logError ?? ((message, error) => console.error(message, error));
  }

  /** Prepares the directory and clears crash debris; call once before serving. */
  async init(): Promise<void> {
    await this.context.store.init();
  }

  /** True when `path` is ours to answer (the uploads collection or below). */
  owns(path: string): boolean {
    return uploadTarget(path, this.context.basePath).kind !== 'none';
  }

  /**
   * Answers one request. `body` must yield the request body (empty for
   * bodiless requests); handlers that reject early simply never read it.
   */
  handle(request: TusRequest, body: AsyncIterable<Uint8Array>): Promise<TusResponse> {
    const done = this.dispatch(request, body).catch((error: unknown) => {
      this.logError(`tus ${request.method} ${loggablePath(request.path)} failed`, error); // an upload's id is its capability
      return tusError(STATUS.internalError, 'internal error while handling the upload');
    });
    // Tracked so shutdown can wait for aborted PATCHes to finish committing what they received.
    this.active.add(done);
    void done.finally(() => this.active.delete(done));
    return done;
  }

  /** Resolves once no request is being handled (used at shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /** Deletes expired unfinished uploads; returns how many. */
  sweepExpired(): Promise<number> {
    return sweepExpiredUploads(this.context);
  }

  private async dispatch(request: TusRequest, body: AsyncIterable<Uint8Array>): Promise<TusResponse> {
    const ctx = this.context;
    const target = uploadTarget(request.path, ctx.basePath);
    if (target.kind === 'none') return tusError(STATUS.notFound, 'not found');
    const method = effectiveMethod(request);
    if (method === 'OPTIONS') return handleOptions(ctx);
    const allowed = target.kind === 'collection' ? COLLECTION_METHODS : UPLOAD_METHODS;
    if (!allowed.split(', ').includes(method)) return tusError(STATUS.methodNotAllowed, `${method} is not allowed here`, { Allow: allowed });
    // Creation is the only request that needs no secret yet and costs disk, so only the operator (and
    // authors) may create; from then on the upload's unguessable URL is the capability (docs/uploads.md).
    // Checked before anything else so a stranger learns nothing and no body is read.
    if (target.kind === 'collection' && !(await this.mayCreate(header(request, 'authorization')))) {
      return tusError(STATUS.unauthorized, 'creating an upload needs the operator key or an author key: Authorization: Bearer KEY', { 'WWW-Authenticate': 'Bearer' });
    }
    // Every tus request but OPTIONS must name the version; a missing one is as unsupported as a wrong one.
    if (header(request, 'tus-resumable')?.trim() !== TUS_VERSION) {
      return tusError(STATUS.preconditionFailed, `Tus-Resumable must be ${TUS_VERSION}`, { 'Tus-Version': TUS_VERSION });
    }
    if (target.kind === 'collection') return handleCreate(ctx, request, body);
    if (!isUploadId(target.id)) return tusError(STATUS.notFound, 'upload not found');
    switch (method) {
      case 'HEAD':
        return handleHead(ctx, target.id);
      case 'PATCH':
        return handlePatch(ctx, request, target.id, body);
      default:
        return handleDelete(ctx, target.id);
    }
  }
}
