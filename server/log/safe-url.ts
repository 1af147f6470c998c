/**
 * URLs and paths as they may appear in a log line. A query or fragment can
 * carry a token (`?token=`, `#token=`), and an upload's id is the capability
 * to write it (tus: the URL alone is enough), so neither is ever logged.
 */

/** `path` without its query and fragment, and with an upload id replaced by `:id`. */
export function loggablePath(path: string): string {
  const cut = path.search(/[?#]/);
  const bare = cut === -1 ? path : path.slice(0, cut);
  return bare.replace(/(\/uploads\/)[^/]+/, '$1:id');
}
