/** Ways the server can be told to misbehave, so that clients can be tested against every failure over real HTTP. */
export type Fault =
  /** Answers this status with a documented error body (and Retry-After when given: seconds or an HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** The per-minute rate limit: 429 saying "maximum request count", x-ratelimit-reset in seconds (and Retry-After when given). */
  | { kind: 'rate_limit'; resetSeconds: number; retryAfter?: string }
  /** Waits before answering normally. */
  | { kind: 'delay'; ms: number }
  /** Waits until the promise settles, then answers normally: a test decides when, however slow the machine. */
  | { kind: 'hold'; until: Promise<unknown> }
  /** Answers 200 with a body that is not JSON. */
  | { kind: 'malformed_json' }
  /** Announces the whole body in Content-Length, sends half of it, then destroys the socket. */
  | { kind: 'truncated_body' }
  /** On the audience page `page` (1-based, from offset and limit), item `item` (default 0) gets a string as its first plot value. */
  | { kind: 'wrong_type'; page: number; item?: number };

export type FaultPlan = Fault & {
  /**
   * Applies to API requests whose path contains this; when absent, to every API request but the free
   * usage endpoint's, which a client may call first (name its path to aim at it).
   */
  path?: string;
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number;
};

export type FaultController = {
  add(...plans: FaultPlan[]): void;
  clear(): void;
  /** Plans not used up yet. */
  pending(): FaultPlan[];
};

const USAGE_PATH = '/api/v2/team/usage';

export type FaultTarget = { path: string; page: number | undefined };

export class FaultQueue implements FaultController {
  #plans: { plan: FaultPlan; left: number }[] = [];

  add(...plans: FaultPlan[]): void {
    for (const plan of plans) this.#plans.push({ plan, left: plan.times ?? 1 });
  }

  clear(): void {
    this.#plans = [];
  }

  pending(): FaultPlan[] {
    return this.#plans.map(({ plan }) => plan);
  }

  /** The first plan that matches the request, used up by one; plans are applied in the order they were added. */
  take(target: FaultTarget): Fault | undefined {
    const entry = this.#plans.find(
      ({ plan }) =>
        (plan.path === undefined ? target.path !== USAGE_PATH : target.path.includes(plan.path)) &&
        (plan.kind !== 'wrong_type' || (target.path.includes('/audience/') && plan.page === target.page)),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.#plans = this.#plans.filter((candidate) => candidate !== entry);
    return entry.plan;
  }
}
