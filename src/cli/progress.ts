// The import CLI's progress bar (cli-progress): drawn on a terminal only, so logs and tests that
// capture the output get the summary alone.
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(bytesRead: number, totalBytes: number): void;
  stop(): void;
}

export function progressBar(stream: NodeJS.WriteStream, totalBytes: number): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: 'importing [{bar}] {percentage}% | {mb} / {totalMb} MB | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  });
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  bar.start(totalBytes, 0, { mb: mb(0), totalMb: mb(totalBytes) });
  let stopped = false;
  return {
    update: (bytesRead, total) => {
      if (!stopped) bar.update(Math.min(bytesRead, total), { mb: mb(bytesRead), totalMb: mb(total) });
    },
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
