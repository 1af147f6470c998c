/**
 * A clip from the author's disk to a node's media: a resumable tus upload
 * (tus-js-client, the protocol's reference client: it retries and resumes a
 * broken upload where it stopped), then the server's packaging job, polled
 * until the DASH manifest is in the node's folder with keyframes on its cues.
 * Progress goes 0–0.5 for the upload and 0.5–1 for packaging.
 */
import { Upload } from 'tus-js-client';
import { clipsChanged } from './frame-urls.ts';
import type { StudioApi } from './studio-api.ts';

export interface Packaged {
  src: string;
  duration: number;
}

export function uploadFile(api: StudioApi, file: File, onProgress: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: `${api.server || location.origin}/uploads/`,
      headers: { Authorization: api.authorization },
      metadata: { filename: file.name, filetype: file.type },
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      onProgress: (sent, total) => onProgress(total > 0 ? sent / total : 0),
      onError: reject,
      onSuccess: () => resolve(upload.url ?? ''),
    });
    upload.start();
  });
}

export async function uploadAndPackage(api: StudioApi, story: string, node: string, file: File, onProgress: (share: number, stage: string) => void, signal?: AbortSignal): Promise<Packaged> {
  const url = await uploadFile(api, file, (share) => onProgress(share / 2, 'uploading'));
  const { job } = await api.packageUpload(story, node, url);
  // Bounded: a clip packages in about its own length; an hour of polling is plenty.
  for (let i = 0; i < 3600 && !signal?.aborted; i++) {
    const state = await api.job(job);
    onProgress(0.5 + state.progress / 2, state.state === 'queued' ? 'waiting to package' : 'packaging');
    if (state.state === 'done' && state.src) {
      clipsChanged();
      return { src: state.src, duration: state.duration ?? 0 };
    }
    if (state.state === 'failed') throw new Error(state.error ?? 'packaging failed');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('packaging did not finish');
}
