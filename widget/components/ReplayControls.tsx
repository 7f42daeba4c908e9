import type { WidgetController } from '../controller.js';
import type { ReplayState } from '../replay-clock.js';

const SPEEDS = [2, 8, 32, 128];

/** Play, pause, step and speed for replaying history bar by bar. */
export function ReplayControls({
  controller,
  replay,
}: {
  controller: WidgetController;
  replay: ReplayState;
}) {
  const done = replay.position >= replay.total;
  return (
    <div class="ep-row" role="group" aria-label="Replay">
      {replay.playing ? (
        <button type="button" onClick={() => controller.replayDriver?.pause()} aria-label="Pause replay">
          ❚❚ Pause
        </button>
      ) : (
        <button
          type="button"
          onClick={() => controller.replayDriver?.play()}
          disabled={done}
          aria-label="Play replay"
        >
          ▶ Play
        </button>
      )}
      <button
        type="button"
        onClick={() => controller.replayDriver?.step()}
        disabled={done || replay.playing}
        aria-label="One bar forward"
      >
        Step
      </button>
      <button
        type="button"
        onClick={() => void controller.replayDriver?.restart()}
        aria-label="Restart replay"
      >
        ↺ Restart
      </button>
      <label class="ep-toggle">
        Speed
        <select
          value={String(replay.speed)}
          onChange={(e) => controller.replayDriver?.setSpeed(Number((e.target as HTMLSelectElement).value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s} bars/s
            </option>
          ))}
        </select>
      </label>
      <progress class="ep-progress" max={replay.total} value={replay.position} aria-label="Replay progress" />
      <span class="ep-toggle">
        bar {replay.position} / {replay.total}
      </span>
    </div>
  );
}
