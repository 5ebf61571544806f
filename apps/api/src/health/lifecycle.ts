import { Injectable } from '@nestjs/common';

/** Where the process is in its life: readiness turns false as soon as a shutdown begins. */
@Injectable()
export class Lifecycle {
  shuttingDown = false;
  private readonly onCut: (() => void)[] = [];

  /** `hook` runs when shutdown's deadline is about to cut the calls still open (close their connections). */
  whenCut(hook: () => void): void {
    this.onCut.push(hook);
  }

  /** Shutdown's deadline has come: what must know runs, then the caller closes the connections. */
  cut(): void {
    for (const hook of this.onCut) hook();
  }
}
