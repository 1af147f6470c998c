/**
 * One GET/HEAD of a media file, from the opened file to the last byte. A class
 * (not closures) because a hot 1 KB range request should allocate little: it
 * is also the FileRangeJob the streamer calls back.
 *
 * Call `answer()` inside the uWS handler or inside `res.cork()`.
 */
import type { AbortWatch } from '../http/abort-watch.ts';
import { errorBody } from '../http/error-body.ts';
import { endWithoutBody, sendJson, writeHead, type HeaderList } from '../http/send-response.ts';
import type { HttpResponse } from '../uws.ts';
import { decideMediaResponse, type MediaRequest } from './media-decision.ts';
import type { MediaFile, OpenMediaResult } from './media-file-cache.ts';
import { sendFileRange, type FileRangeJob, type SendOutcome } from './send-file-range.ts';
import type { Logger } from '../log/logger.ts';
import { loggablePath } from '../log/safe-url.ts';

const NOSNIFF: HeaderList = [['X-Content-Type-Options', 'nosniff']];

export interface MediaExchangeDeps {
  now(): number;
  log: Logger;
}

export class MediaExchange implements FileRangeJob {
  fd = -1;
  start = 0;
  end = 0;
  private status = 200;
  private headers: HeaderList = [];
  private file: MediaFile | undefined = undefined;

  constructor(
    readonly res: HttpResponse,
    private readonly request: MediaRequest,
    private readonly cors: HeaderList,
    readonly abort: AbortWatch,
    /** Ends this response's in-flight registration. */
    private readonly done: () => void,
    private readonly deps: MediaExchangeDeps,
  ) {}

  /** Answers with the opened file (or the reason it could not be opened). */
  answer(result: OpenMediaResult): void {
    const { res } = this;
    if (!result.ok) {
      sendJson(res, result.status, this.cors, errorBody(result.status === 400 ? 'invalid' : 'not-found', 'no such media file'), this.request.method === 'HEAD');
      this.done();
      return;
    }
    const file = result.file;
    this.file = file;
    // MediaFile carries every MediaRepresentation field, precomputed per open file.
    const decision = decideMediaResponse(this.request, file, this.deps.now());
    this.status = decision.status;
    this.headers = decision.headers;
    const { body } = decision;
    if (body.kind === 'bytes') {
      this.fd = file.fd;
      this.start = body.start;
      this.end = body.end;
      sendFileRange(this);
      return;
    }
    this.writeHead(res);
    if (body.kind === 'none') endWithoutBody(res);
    else if (body.kind === 'head') endWithoutBody(res, body.length);
    else res.end();
    this.finish('done');
  }

  /** Answers after an await: skips an aborted response, corks otherwise. */
  answerLater(result: OpenMediaResult): void {
    if (!this.abort.aborted) {
      this.res.cork(() => this.answer(result));
      return;
    }
    if (result.ok) result.file.release();
    this.done();
  }

  /** The file could not be opened for an unexpected reason. */
  failLater(error: unknown, url: string): void {
    this.deps.log.error({ path: loggablePath(url), err: error }, 'media: unexpected error opening a file');
    if (!this.abort.aborted) this.res.cork(() => sendJson(this.res, 500, this.cors, errorBody('internal', 'could not open media file'), this.request.method === 'HEAD'));
    this.done();
  }

  writeHead(res: HttpResponse): void {
    writeHead(res, this.status, this.headers, NOSNIFF, this.cors);
  }

  writeError(res: HttpResponse): void {
    sendJson(res, 500, this.cors, errorBody('internal', 'could not read media file'));
  }

  finish(outcome: SendOutcome, error?: Error): void {
    if (outcome === 'failed') this.deps.log.warn({ file: this.file?.path, err: error }, 'media: read failed');
    this.file?.release();
    this.done();
  }
}
