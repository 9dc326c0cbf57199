'use client';

import { useActionState } from 'react';
import { ActionMessage } from './ActionMessage';
import type { FormAction } from './ActionMessage';
import { SubmitButton } from './SubmitButton';

type PlatformChoice = { slug: string; name: string };

export type RefreshActions = { refreshPlatform: FormAction; refreshAllPlatforms: FormAction; refreshFullHistory: FormAction };

/** What re-fetching a track's whole history spends, for the confirmation. */
export type FullHistoryCost = { days: number; callsPerPlatform: number };

const plural = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * Re-fetching the whole history is the one refresh that spends more than a call per platform, so it
 * sits behind a disclosure that says the cost; the form inside is an ordinary one and works without JS.
 */
function RefetchFullHistory({
  trackUuid,
  platformCount,
  cost,
  refreshFullHistory,
}: {
  trackUuid: string;
  platformCount: number;
  cost: FullHistoryCost;
  refreshFullHistory: FormAction;
}) {
  const [outcome, action] = useActionState(refreshFullHistory, undefined);
  const calls = cost.callsPerPlatform * platformCount;
  return (
    <div className="refresh-row">
      <details className="refresh-full-history">
        <summary>Re-fetch the whole history…</summary>
        <p>
          Fetches the last {plural(cost.days, 'day', 'days')} again on {plural(platformCount, 'platform', 'platforms')}: up to{' '}
          <strong>{plural(calls, 'SoundCharts call', 'SoundCharts calls')}</strong> ({plural(cost.callsPerPlatform, 'call', 'calls')} per platform,
          100 days a call), each billed against the quota. “Refresh all” spends 1 call per platform and is enough to catch up.
        </p>
        <form action={action}>
          <input type="hidden" name="trackUuid" value={trackUuid} />
          <SubmitButton className="button button-small" pendingLabel="Re-fetching the whole history…">
            Spend up to {plural(calls, 'call', 'calls')}: re-fetch
          </SubmitButton>
        </form>
      </details>
      <ActionMessage outcome={outcome} />
    </div>
  );
}

function RefreshPlatformButton({ trackUuid, platform, refreshPlatform }: { trackUuid: string; platform: PlatformChoice; refreshPlatform: FormAction }) {
  const [outcome, action] = useActionState(refreshPlatform, undefined);
  return (
    <li className="refresh-row">
      <form action={action}>
        <input type="hidden" name="trackUuid" value={trackUuid} />
        <input type="hidden" name="platform" value={platform.slug} />
        <SubmitButton className="button button-small button-quiet" pendingLabel={`Refreshing ${platform.name}…`}>
          Refresh {platform.name}
        </SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </li>
  );
}

function FetchOtherPlatform({ trackUuid, others, refreshPlatform }: { trackUuid: string; others: PlatformChoice[]; refreshPlatform: FormAction }) {
  const [outcome, action] = useActionState(refreshPlatform, undefined);
  return (
    <div className="refresh-row">
      <form action={action} className="inline-form">
        <input type="hidden" name="trackUuid" value={trackUuid} />
        <label className="field">
          <span>Fetch another platform</span>
          <select name="platform" defaultValue={others[0]?.slug}>
            {others.map((platform) => (
              <option key={platform.slug} value={platform.slug}>
                {platform.name}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton className="button button-small button-quiet" pendingLabel="Fetching…">
          Fetch
        </SubmitButton>
      </form>
      <ActionMessage outcome={outcome} />
    </div>
  );
}

/** The admin's refresh buttons on a track page; each shows its own progress and outcome. */
export function RefreshControls({
  trackUuid,
  platforms,
  others,
  actions,
  fullHistoryCost,
}: {
  trackUuid: string;
  platforms: PlatformChoice[];
  others: PlatformChoice[];
  actions: RefreshActions;
  fullHistoryCost: FullHistoryCost;
}) {
  const [outcome, action] = useActionState(actions.refreshAllPlatforms, undefined);
  return (
    <section className="card admin-panel" aria-labelledby="refresh-title">
      <h2 id="refresh-title">Refresh from SoundCharts</h2>
      <div className="refresh-row">
        <form action={action}>
          <input type="hidden" name="trackUuid" value={trackUuid} />
          <SubmitButton pendingLabel="Refreshing all platforms…">
            {platforms.length > 0 ? 'Refresh all' : 'Fetch audience'}
          </SubmitButton>
        </form>
        <ActionMessage outcome={outcome} />
      </div>
      {platforms.length > 0 ? (
        <ul className="refresh-list">
          {platforms.map((platform) => (
            <RefreshPlatformButton key={platform.slug} trackUuid={trackUuid} platform={platform} refreshPlatform={actions.refreshPlatform} />
          ))}
        </ul>
      ) : null}
      {platforms.length > 0 ? (
        <RefetchFullHistory
          trackUuid={trackUuid}
          platformCount={platforms.length}
          cost={fullHistoryCost}
          refreshFullHistory={actions.refreshFullHistory}
        />
      ) : null}
      {others.length > 0 ? <FetchOtherPlatform trackUuid={trackUuid} others={others} refreshPlatform={actions.refreshPlatform} /> : null}
    </section>
  );
}
