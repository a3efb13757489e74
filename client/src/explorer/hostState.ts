import type { LxdListing } from '../../../core/src/hosts/hostListing';
import type { LxdConnection } from '../host/lxdConnection';
import type { HostAdvice } from '../host/hostAdvice';
import type { LxdSide } from '../model/configState';
import { FreshRun } from '../model/freshRun';

/** One host as the views see it: its connection, its last listing, or why there is none. */
export class HostState {
  listing: LxdListing | undefined;
  /** Why the last listing failed; undefined while the first runs or when it worked. */
  advice: HostAdvice | undefined;
  readonly run: FreshRun;

  constructor(
    readonly connection: LxdConnection,
    list: (state: HostState) => Promise<void>,
  ) {
    this.run = new FreshRun(() => list(this));
  }

  get name(): string {
    return this.connection.name;
  }

  /** The host answered once (with a listing or a failure). */
  get settled(): boolean {
    return this.listing !== undefined || this.advice !== undefined;
  }

  lxdSide(): LxdSide {
    if (!this.listing || this.advice)
      return {
        reachable: false,
        problem: this.advice
          ? `${this.advice.label}: ${this.advice.detail}`
          : `${this.name} has not been listed yet`,
      };
    const l = this.listing;
    return {
      reachable: true,
      instances: l.instances,
      profiles: new Set(l.profiles.map((p) => `${p.project}/${p.name}`)),
      datasets: l.datasets,
    };
  }
}
