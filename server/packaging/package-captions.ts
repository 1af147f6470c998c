/**
 * `branchcast media package … --captions en=talk.en.vtt`: caption files to
 * place beside a packaged node's manifests as `captions.<lang>.vtt`. They are
 * checked (language tag, WebVTT) before any encoding starts, so a typo costs
 * no ffmpeg run, and written by staged rename like the manifests.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseVtt } from '../../engine/webvtt.ts';

export interface CaptionFile {
  lang: string;
  /** The file as given, resolved against the working directory. */
  path: string;
  text: string;
}

/** A `--captions` value that cannot be used; the CLI reports it as a usage error. */
export class CaptionsArgError extends Error {
  override name = 'CaptionsArgError';
}

// The schema's BCP 47 pattern for media.captions[].lang.
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Reads and checks every `lang=path` value; throws CaptionsArgError on the first bad one. */
export async function readCaptionArgs(values: readonly string[], cwd: string): Promise<CaptionFile[]> {
  const files: CaptionFile[] = [];
  for (const value of values) {
    const eq = value.indexOf('=');
    const lang = value.slice(0, Math.max(0, eq));
    if (eq < 0 || !LANG.test(lang) || eq === value.length - 1) throw new CaptionsArgError(`--captions '${value}': expected LANG=FILE, e.g. en=talk.en.vtt`);
    if (files.some((f) => f.lang.toLowerCase() === lang.toLowerCase())) throw new CaptionsArgError(`--captions: '${lang}' is given twice`);
    const path = resolve(cwd, value.slice(eq + 1));
    const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
      throw new CaptionsArgError(`--captions ${lang}: cannot read ${path}: ${cause.code ?? String(cause)}`);
    });
    const parsed = parseVtt(text);
    if (!parsed.ok) throw new CaptionsArgError(`--captions ${lang}: ${path} is not valid WebVTT: line ${parsed.line}: ${parsed.message}`);
    files.push({ lang, path, text });
  }
  return files;
}

/** Writes each file as `outDir/captions.<lang>.vtt`; returns the names written. */
export async function placeCaptions(outDir: string, files: readonly CaptionFile[]): Promise<string[]> {
  const names: string[] = [];
  for (const file of files) {
    const name = `captions.${file.lang}.vtt`;
    const staging = join(outDir, `${name}.partial-${process.pid}`);
    try {
      await writeFile(staging, file.text);
      await rename(staging, join(outDir, name));
    } finally {
      await rm(staging, { force: true });
    }
    names.push(name);
  }
  return names;
}
