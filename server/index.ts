/** The public surface of server/. */
export { createServer, ListenError, type BranchcastServer, type CreateServerOptions, type ListenAddress } from './server.ts';
export { resolveServerConfig, isLoopbackHost, serverUrl, ConfigError, type ServerConfig, type ServeFlags, type ServeEnv } from './config.ts';
export { createServerContext, type ServerContext, type ServerContextOptions, type RouteModule, type RouteRegistrar } from './server-context.ts';
export { compose, type Composition } from './compose.ts';
export { defaultRoutes } from './routes.ts';
export { createCorsPolicy, type CorsPolicy } from './http/cors-policy.ts';
export { answerOptions } from './http/preflight-route.ts';
export { abortSignalFor } from './http/abort-signal-for.ts';
export { readHeaders } from './http/request-headers.ts';
export { sendResponse, sendJson, writeHead, endWithoutBody, type HeaderList } from './http/send-response.ts';
export { statusLine } from './http/status-line.ts';
