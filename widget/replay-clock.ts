import type { Bar } from '../engine/index.js';

export interface ReplayState {
  playing: boolean;
  /** Bars per second. */
  speed: number;
  /** Bars shown so far, out of `total` in the file. */
  position: number;
  total: number;
}

/**
 * Replay of history for posts: hands the remaining bars, one at a time and in order, to
 * `deliver` (which pushes them exactly as a live feed would), at `speed` bars per second.
 */
export class ReplayClock {
  private timer: ReturnType<typeof setInterval> | undefined;
  private next = 0;
  private state: ReplayState;

  constructor(
    private readonly rest: Bar[],
    shown: number,
    speed: number,
    private readonly deliver: (bar: Bar) => void,
    private readonly onChange: (state: ReplayState) => void,
  ) {
    this.state = { playing: false, speed, position: shown, total: shown + rest.length };
  }

  get current(): ReplayState {
    return this.state;
  }

  /** The bars not replayed yet. */
  remaining(): Bar[] {
    return this.rest.slice(this.next);
  }

  play(): void {
    if (this.state.playing || this.next >= this.rest.length) return;
    this.set({ playing: true });
    this.timer = setInterval(() => this.step(), 1000 / this.state.speed);
  }

  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.state.playing) this.set({ playing: false });
  }

  setSpeed(speed: number): void {
    const playing = this.state.playing;
    this.pause();
    this.set({ speed });
    if (playing) this.play();
  }

  /** One bar forward (the Step button, and each tick of the timer). */
  step(): void {
    const bar = this.rest[this.next];
    if (!bar) return this.pause();
    this.next++;
    this.set({ position: this.state.position + 1 });
    if (this.next >= this.rest.length) this.pause();
    this.deliver(bar);
  }

  private set(patch: Partial<ReplayState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}
