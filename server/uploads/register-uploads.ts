import { createRepeatLimiter } from '../log/repeat-limiter.ts';
import type { RouteModule, ServerContext } from '../server-context.ts';
import type { TemplatedApp } from '../uws.ts';
import { TusService } from './tus-service.ts';
import { registerUploadRoutes } from './upload-routes.ts';
import { uploadOptionsFromEnv, type UploadOptions } from './upload-options.ts';

/**
 * Makes the route registrar for tus uploads at `/uploads/`, storing under
 * `<dataDir>/uploads/`. It prepares the directory (clearing crash debris),
 * sweeps expired uploads periodically, and at shutdown waits for requests
 * that are still committing received bytes.
 */
export function createUploadsRegistrar(readOptions: () => UploadOptions): (app: TemplatedApp, ctx: ServerContext) => Promise<RouteModule> {
  return async (app, ctx) => {
    const options = readOptions();
    const service = new TusService({
      dataDir: ctx.config.dataDir,
      adminKey: ctx.adminKey,
      mayCreate: async (authorization) => {
        const principal = await ctx.resolvePrincipal(authorization);
        return principal.kind === 'operator' || principal.kind === 'author';
      },
      options,
      now: ctx.now,
      logError: (message, error) => ctx.contained.report('http', error, { route: message }),
    });
    await service.init();
    const routes = registerUploadRoutes(app, service, ctx);
    // A full or unmounted disk fails every sweep: say so once, then a summary a minute.
    const sweepFailures = createRepeatLimiter({ log: ctx.log, what: 'uploads: expiry sweep failed', recovered: 'uploads: expiry sweep works again', now: ctx.now });
    const sweep = (): void => {
      service.sweepExpired().then(
        (removed) => {
          sweepFailures.succeeded();
          if (removed > 0) ctx.log.info({ removed }, `uploads: removed ${removed} expired upload(s)`);
        },
        (error: unknown) => sweepFailures.failed(error),
      );
    };
    sweep(); // uploads that expired while the server was down go at once
    const timer = setInterval(sweep, options.sweepIntervalMs);
    timer.unref();
    return {
      async close() {
        clearInterval(timer);
        // Runs after the server's drain period: whatever still streams is cut off and committed.
        routes.cutOffBodies();
        await service.idle();
      },
    };
  };
}

/**
 * The registrar the server uses: options from `UPLOAD_MAX_SIZE`,
 * `UPLOAD_EXPIRES_SECONDS` and `UPLOAD_SWEEP_SECONDS` (see docs/uploads.md).
 */
export const registerUploads = createUploadsRegistrar(() => uploadOptionsFromEnv(process.env));
